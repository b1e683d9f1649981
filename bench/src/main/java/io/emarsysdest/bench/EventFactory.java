package io.emarsysdest.bench;

import java.time.Instant;
import java.util.SplittableRandom;

/** Realistic Segment events as JSON text: a weighted mix of calls over a population of distinct users. */
final class EventFactory {
    private static final String[] PRODUCTS = {"Trail Shoe", "Rain Jacket", "Wool Socks", "Day Pack", "Water Bottle", "Head Lamp"};
    private static final String[] PAGES = {"/", "/pricing", "/catalog/shoes", "/catalog/jackets", "/cart", "/checkout"};
    private static final String[] SCREENS = {"Home", "Catalog", "Product", "Cart", "Checkout"};
    private static final String[] CITIES = {"Berlin", "Vienna", "Oslo", "Lyon", "Porto", "Gdansk"};

    private final int users;
    private final int[] cumulative; // identify, track, page, screen
    private final String runId;
    private long sequence;

    EventFactory(int users, int identify, int track, int page, int screen, String runId) {
        this.users = users;
        this.cumulative = new int[]{identify, identify + track, identify + track + page, identify + track + page + screen};
        this.runId = runId;
    }

    /** One event; {@code withWriteKey} adds nothing (the batch carries the key). */
    void append(StringBuilder out, SplittableRandom random, Instant now) {
        int user = random.nextInt(users);
        int pick = random.nextInt(cumulative[3]);
        String messageId = runId + "-" + (sequence++) + "-" + random.nextInt(1_000_000);
        boolean known = user % 3 != 0; // a third of the population browses anonymously
        out.append("{\"messageId\":\"").append(messageId).append("\",\"timestamp\":\"").append(now).append('"');
        out.append(",\"anonymousId\":\"anon-").append(user).append('"');
        if (known) out.append(",\"userId\":\"user-").append(user).append('"');
        if (pick < cumulative[0]) {
            out.append(",\"type\":\"identify\",\"traits\":{\"email\":\"person").append(user).append("@example.com\",\"firstName\":\"Jo\",\"lastName\":\"Doe")
                    .append(user).append("\",\"plan\":\"").append(user % 2 == 0 ? "pro" : "free").append("\",\"address\":{\"city\":\"")
                    .append(CITIES[user % CITIES.length]).append("\",\"country\":\"DE\"},\"vip_customers\":").append(user % 10 == 0).append('}');
        } else if (pick < cumulative[1]) {
            boolean order = random.nextInt(10) == 0;
            String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            out.append(",\"type\":\"track\",\"event\":\"").append(order ? "Order Completed" : "Product Viewed").append("\",\"properties\":{\"product_id\":\"p-")
                    .append(random.nextInt(500)).append("\",\"name\":\"").append(product).append("\",\"price\":").append(10 + random.nextInt(200))
                    .append(",\"currency\":\"EUR\"").append(order ? ",\"order_id\":\"o-" + sequence + "\",\"revenue\":" + (20 + random.nextInt(300)) : "").append('}');
            if (known) out.append(",\"context\":{\"traits\":{\"email\":\"person").append(user).append("@example.com\"}}");
        } else if (pick < cumulative[2]) {
            String path = PAGES[random.nextInt(PAGES.length)];
            out.append(",\"type\":\"page\",\"name\":\"").append(path).append("\",\"properties\":{\"path\":\"").append(path)
                    .append("\",\"url\":\"https://shop.example").append(path).append("\",\"referrer\":\"https://search.example/\"}")
                    .append(",\"context\":{\"ip\":\"203.0.113.").append(user % 250).append("\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"locale\":\"de-DE\"}");
        } else {
            out.append(",\"type\":\"screen\",\"name\":\"").append(SCREENS[random.nextInt(SCREENS.length)])
                    .append("\",\"properties\":{\"items\":").append(random.nextInt(5)).append("},\"context\":{\"os\":{\"name\":\"Android\",\"version\":\"15\"},\"app\":{\"name\":\"Shop\",\"version\":\"4.2.0\"}}");
        }
        out.append('}');
    }
}
