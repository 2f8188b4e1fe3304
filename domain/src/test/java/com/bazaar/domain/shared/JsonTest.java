package com.bazaar.domain.shared;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void writesDeterministicJsonWithEscapes() {
        Map<String, Object> m = Json.object();
        m.put("name", "Acme \"Ltd\"\n\\");
        m.put("roles", List.of("admin", "sre"));
        m.put("count", 3L);
        m.put("on", true);
        m.put("none", null);
        m.put("ctl", "\u0001");
        assertThat(Json.write(m)).isEqualTo(
                "{\"name\":\"Acme \\\"Ltd\\\"\\n\\\\\",\"roles\":[\"admin\",\"sre\"],\"count\":3,\"on\":true,"
                        + "\"none\":null,\"ctl\":\"\\u0001\"}");
    }
}
