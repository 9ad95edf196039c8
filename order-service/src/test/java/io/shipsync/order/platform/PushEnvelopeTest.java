package io.shipsync.order.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PushEnvelopeTest {

    @Test
    void findsTheEncryptFieldOfTheEnvelopeUnescaped() {
        assertThat(PushEnvelope.encrypted("{\"ToUserName\":\"gh_1\",\"Encrypt\":\"ab+c/d==\"}")).isEqualTo("ab+c/d==");
        assertThat(PushEnvelope.encrypted(" {\n \"Encrypt\" : \"ab\\/c\\u003d\" , \"n\": -1.5e3, \"t\": true, \"z\": null}\n"))
                .isEqualTo("ab/c=");
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"\"}")).isEmpty();
    }

    @Test
    void anythingButAFlatEnvelopeHoldingEncryptOnceIsNotTheEnvelope() {
        assertThat(PushEnvelope.encrypted("{}")).isNull();
        assertThat(PushEnvelope.encrypted("{\"ToUserName\":\"gh_1\"}")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"a\",\"Encrypt\":\"b\"}")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"a\",\"x\":{\"y\":1}}")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"a\",\"x\":[1]}")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":1}")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"a\"} trailing")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"a")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"\\u12\"}")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"\\uzzzz\"}")).isNull();
        assertThat(PushEnvelope.encrypted("{\"Encrypt\":\"a\",\"n\":01}")).isNull();
        assertThat(PushEnvelope.encrypted("")).isNull();
        assertThat(PushEnvelope.encrypted("<xml><Encrypt>a</Encrypt></xml>")).isNull();
    }

    @Test
    void deepNestingIsRefusedAtTheFirstBracketWithoutRecursion() {
        String deep = "{\"x\":" + "[".repeat(60_000) + "]".repeat(60_000) + ",\"Encrypt\":\"a\"}";
        assertThat(PushEnvelope.encrypted(deep)).isNull();
    }
}
