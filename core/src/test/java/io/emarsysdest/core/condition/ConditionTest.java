package io.emarsysdest.core.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EVENT = json("""
            {"type":"track","event":"Order Completed",
             "properties":{"price":25,"priceText":"25.00","sku":"X-100","tags":["sale","new"],"zip":"01234",
                           "paid":true,"note":null,"big":9007199254740993,"negZero":-0.0,"placed":"2026-01-15","items":[{"sku":"A"},{"sku":"B"}]}}""");

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean holds(String conditionJson) {
        Condition.Parsed p = Condition.parse(json(conditionJson));
        assertThat(p.problems()).isEmpty();
        return p.condition().test(EVENT);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "{'path':'properties.price','op':'eq','value':25}                      | true",
            "{'path':'properties.price','op':'eq','value':'25'}                    | true",
            "{'path':'properties.priceText','op':'eq','value':25}                  | true",
            "{'path':'properties.sku','op':'eq','value':'X-100'}                   | true",
            "{'path':'properties.sku','op':'eq','value':'x-100'}                   | false",
            "{'path':'properties.paid','op':'eq','value':true}                     | true",
            "{'path':'properties.paid','op':'eq','value':'true'}                   | false",
            "{'path':'properties.missing','op':'eq','value':1}                     | false",
            "{'path':'properties.note','op':'eq','value':'null'}                   | false",
            "{'path':'properties.price','op':'eq','value':25.0}                    | true",
            "{'path':'properties.negZero','op':'eq','value':0}                     | true",
            "{'path':'properties.big','op':'gt','value':9007199254740992}          | true",
            "{'path':'properties.big','op':'eq','value':9007199254740992}          | false",
            "{'path':'properties.price','op':'in','value':[24,25.0]}               | true",
            "{'path':'properties.price','op':'neq','value':30}                     | true",
            "{'path':'properties.missing','op':'neq','value':30}                   | true",
            "{'path':'properties.sku','op':'in','value':['A','X-100']}             | true",
            "{'path':'properties.sku','op':'in','value':[]}                        | false",
            "{'path':'properties.sku','op':'nin','value':['A','B']}                | true",
            "{'path':'properties.missing','op':'nin','value':['A']}                | true",
            "{'path':'properties.price','op':'gt','value':20}                      | true",
            "{'path':'properties.price','op':'gt','value':25}                      | false",
            "{'path':'properties.price','op':'gte','value':25}                     | true",
            "{'path':'properties.priceText','op':'lt','value':100}                 | true",
            "{'path':'properties.price','op':'lte','value':24.99}                  | false",
            "{'path':'properties.sku','op':'gt','value':5}                         | false",
            "{'path':'properties.placed','op':'gte','value':'2026-01-01'}          | true",
            "{'path':'properties.placed','op':'lt','value':'2026-01-15'}           | false",
            "{'path':'properties.sku','op':'exists'}                               | true",
            "{'path':'properties.note','op':'exists'}                              | false",
            "{'path':'properties.missing','op':'exists','value':false}             | true",
            "{'path':'properties.sku','op':'exists','value':false}                 | false",
            "{'path':'properties.tags','op':'contains','value':'sale'}             | true",
            "{'path':'properties.tags','op':'contains','value':'old'}              | false",
            "{'path':'properties.sku','op':'contains','value':'-1'}                | true",
            "{'path':'properties.sku','op':'startsWith','value':'X-'}              | true",
            "{'path':'properties.price','op':'startsWith','value':'2'}             | true",
            "{'path':'properties.sku','op':'matches','value':'^X-\\\\d+$'}         | true",
            "{'path':'properties.sku','op':'matches','value':'\\\\d{4}'}           | false",
            "{'path':'properties.items[1].sku','op':'eq','value':'B'}              | true",
            "{'path':'properties.items.0.sku','op':'eq','value':'A'}               | true",
    })
    void each_operator_compares_as_documented(String predicate, boolean expected) {
        assertThat(holds("[" + predicate.replace('\'', '"') + "]")).isEqualTo(expected);
    }

    @Test
    void all_predicates_must_hold() {
        assertThat(holds("""
                [{"path":"properties.price","op":"gte","value":20},{"path":"properties.sku","op":"exists"}]""")).isTrue();
        assertThat(holds("""
                [{"path":"properties.price","op":"gte","value":20},{"path":"properties.sku","op":"eq","value":"Y"}]""")).isFalse();
    }

    @Test
    void an_empty_or_absent_condition_always_holds() {
        assertThat(holds("[]")).isTrue();
        Condition.Parsed absent = Condition.parse(null);
        assertThat(absent.ok()).isTrue();
        assertThat(absent.condition().test(EVENT)).isTrue();
    }

    @Nested
    class Parsing {
        @Test
        void reports_every_problem_with_its_position() {
            Condition.Parsed p = Condition.parse(json("""
                    [{"path":"properties..x","op":"eq","value":1},
                     {"path":"properties.x","op":"bigger","value":1},
                     {"op":"eq","value":1},
                     {"path":"properties.x","op":"in","value":"a"},
                     {"path":"properties.x","op":"matches","value":"(["},
                     {"path":"properties.x","op":"eq","value":{"a":1}},
                     {"path":"properties.x","op":"exists","value":"yes"},
                     "not an object"]"""));
            assertThat(p.ok()).isFalse();
            assertThat(p.condition()).isNull();
            assertThat(p.problems()).extracting(Problem::path, Problem::code).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("[0].path", "invalid_path"),
                    org.assertj.core.groups.Tuple.tuple("[1].op", "unknown_op"),
                    org.assertj.core.groups.Tuple.tuple("[2].path", "missing"),
                    org.assertj.core.groups.Tuple.tuple("[3].value", "wrong_type"),
                    org.assertj.core.groups.Tuple.tuple("[4].value", "invalid_regex"),
                    org.assertj.core.groups.Tuple.tuple("[5].value", "wrong_type"),
                    org.assertj.core.groups.Tuple.tuple("[6].value", "wrong_type"),
                    org.assertj.core.groups.Tuple.tuple("[7]", "not_an_object"));
        }

        @Test
        void a_condition_must_be_an_array() {
            Condition.Parsed p = Condition.parse(json("{\"path\":\"a\",\"op\":\"exists\"}"));
            assertThat(p.problems()).extracting(Problem::code).containsExactly("not_an_array");
        }

        @Test
        void problems_nest_under_a_prefix() {
            Condition.Parsed p = Condition.parse(json("[{\"path\":\"a\",\"op\":\"nope\"}]"));
            assertThat(p.problems().get(0).under("entry.where").path()).isEqualTo("entry.where[0].op");
        }
    }
}
