package io.emarsysdest.store.identity;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PersonJsonTest {

    @Test
    void traitTimesAreWrittenAsJacksonWritesThemWhateverTheNames() {
        SplittableRandom random = new SplittableRandom(9);
        String alphabet = "abcXYZ09_ .-$\"\\/\n\t\u0001\u007f\u00e9\u20ac\ud83d\ude00";
        for (int round = 0; round < 2000; round++) {
            Map<String, Instant> times = new LinkedHashMap<>();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                StringBuilder name = new StringBuilder();
                int len = random.nextInt(8);
                // mostly plain names, sometimes any character of the alphabet
                boolean any = random.nextInt(4) == 0;
                for (int c = 0; c < len; c++) name.append(alphabet.charAt(random.nextInt(any ? alphabet.length() : 13)));
                times.put(name.toString(), Instant.ofEpochMilli(random.nextLong(-1_000_000_000_000L, 4_000_000_000_000L)));
            }
            String text = PersonJson.times(times);
            assertThat(text).as(times.toString()).isEqualTo(PersonJson.timesByJackson(times));
            assertThat(PersonJson.times(text)).isEqualTo(times);
        }
    }

    @Test
    void noTraitTimesAreAnEmptyObject() {
        assertThat(PersonJson.times(Map.of())).isEqualTo("{}");
    }
}
