package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.CursorMovedException;
import io.emarsysdest.core.engine.CursorStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link CursorStore} must do; each implementation's test extends this. */
public abstract class CursorStoreContract extends PortContract<CursorStore> {
    private long position(String name) {
        return committed(c -> c.position(name));
    }

    @Test
    void aCursorStartsAtZeroAndMovesOnlyWhenItsTransactionCommits() {
        assertThat(position("main")).isZero();
        assertRollbackLeavesNothing(c -> {
            c.advance("main", 0, 42);
            c.advance("main", 42, 43);
        }, c -> c.position("main"));

        commit(c -> c.advance("main", 0, 42));
        assertThat(position("main")).isEqualTo(42);
        commit(c -> c.advance("main", 42, 43));
        assertThat(position("main")).isEqualTo(43);
        assertRollbackLeavesNothing(c -> c.advance("main", 43, 50), c -> c.position("main"));
    }

    @Test
    void aTransactionReadsTheCursorItMoved() {
        assertThat(this.<Long>committed(c -> {
            c.advance("main", 0, 7);
            return c.position("main");
        })).isEqualTo(7);
    }

    @Test
    void cursorsOfDifferentNamesMoveIndependently() {
        commit(c -> c.advance("main", 0, 5));
        assertThat(position("other")).isZero();
        commit(c -> c.advance("other", 0, 2));
        assertThat(position("main")).isEqualTo(5);
        assertThat(position("other")).isEqualTo(2);
    }

    @Test
    void aCursorThatIsNotWhereTheWriterLeftItIsNotMoved() {
        commit(c -> c.advance("main", 0, 10));

        assertThatThrownBy(() -> commit(c -> c.advance("main", 5, 12)))
                .isInstanceOfSatisfying(CursorMovedException.class, e -> {
                    assertThat(e.expected()).isEqualTo(5);
                    assertThat(e.actual()).isEqualTo(10);
                    assertThat(e.name()).isEqualTo("main");
                });
        assertThatThrownBy(() -> commit(c -> c.advance("main", 0, 12)))
                .as("a second first owner").isInstanceOf(CursorMovedException.class);
        assertThat(position("main")).isEqualTo(10);
    }

    @Test
    void aCursorNeverGoesBackButMayStayWhereItIs() {
        commit(c -> c.advance("main", 0, 10));
        assertThatThrownBy(() -> commit(c -> c.advance("main", 10, 3))).isInstanceOf(IllegalArgumentException.class);
        commit(c -> c.advance("main", 10, 10));
        assertThat(position("main")).isEqualTo(10);
    }
}
