package com.bazaar.domain.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10, item 3: one redaction masks every credential a URL can carry, wherever the URL is quoted. */
class UrlCredentialsTest {

    @Test
    void passwordParametersAreMaskedInAnyCase() {
        assertThat(UrlCredentials.redact("jdbc:postgresql://db:5432/bazaar?user=u&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/bazaar?user=u&password=****&ssl=true");
        assertThat(UrlCredentials.redact("jdbc:postgresql://db/x?PASSWORD=s3cret")).isEqualTo(
                "jdbc:postgresql://db/x?PASSWORD=****");
        assertThat(UrlCredentials.redact("jdbc:postgresql://db/x?sslmode=verify-full&sslpassword=k3y&user=u"))
                .isEqualTo("jdbc:postgresql://db/x?sslmode=verify-full&sslpassword=****&user=u");
        assertThat(UrlCredentials.redact("https://h/x?api_key=a1&access_token=t2&client_secret=c3;pwd=p4"))
                .isEqualTo("https://h/x?api_key=****&access_token=****&client_secret=****;pwd=****");
    }

    @Test
    void userInformationPasswordsAreMasked() {
        assertThat(UrlCredentials.redact("postgresql://bazaar:p%40ss@db:5432/bazaar"))
                .isEqualTo("postgresql://bazaar:****@db:5432/bazaar");
        assertThat(UrlCredentials.redact("jdbc:postgresql://u:pa@ss@db/x")).isEqualTo("jdbc:postgresql://u:****@db/x");
        assertThat(UrlCredentials.redact("jdbc:postgresql://db:5432/x")).isEqualTo("jdbc:postgresql://db:5432/x");
        assertThat(UrlCredentials.redact("jdbc:postgresql://u@db/x")).isEqualTo("jdbc:postgresql://u@db/x");
    }

    @Test
    void urlsQuotedInSentencesAreMaskedAndTheSentenceKept() {
        assertThat(UrlCredentials.redact("cannot connect to PostgreSQL at jdbc:postgresql://db/x?password=s3cret:"
                + " Connection refused")).isEqualTo("cannot connect to PostgreSQL at jdbc:postgresql://db/x?password="
                + "****: Connection refused");
        assertThat(UrlCredentials.redact("No suitable driver found for jdbc:postgresql://h:x/db?password=s3cret"))
                .isEqualTo("No suitable driver found for jdbc:postgresql://h:x/db?password=****");
        assertThat(UrlCredentials.redact("host=db password=s3cret user=u")).isEqualTo("host=db password=**** user=u");
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        String once = UrlCredentials.redact("at jdbc:postgresql://u:pw@db/x?password=s3cret: refused, password=x.");
        assertThat(UrlCredentials.redact(once)).isEqualTo(once).doesNotContain("s3cret").doesNotContain("pw@");
    }

    @Test
    void textWithoutCredentialsIsUnchanged() {
        for (String text : new String[]{"", "Blue mug", "/var/lib/bazaar", "decline=51,unknown=52,pending=53",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "mail alice@example.com"}) {
            assertThat(UrlCredentials.redact(text)).isEqualTo(text);
        }
        assertThat(UrlCredentials.redact(null)).isNull();
    }
}
