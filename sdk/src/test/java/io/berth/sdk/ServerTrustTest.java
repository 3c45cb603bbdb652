package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ServerTrustTest {
    @Test
    void anHttpsServerIsCheckedAgainstTheJdksAuthorities() throws Exception {
        HttpClient client = clientFor(ServerTrust.jdkDefaults(), "https://lab.example:5000");

        assertThat(client.sslContext()).isSameAs(SSLContext.getDefault());
    }

    @Test
    void aPlainHttpServerCostsNoTlsSetUpAndGetsNoTlsConnection() {
        HttpClient client = clientFor(ServerTrust.jdkDefaults(), "http://127.0.0.1:5000");

        assertThat(client.sslContext()).isInstanceOf(ServerTrust.NoTls.class);
        assertThatThrownBy(() -> client.sslContext().createSSLEngine("lab.example", 443))
                .hasMessageContaining("plain HTTP");
    }

    private static HttpClient clientFor(ServerTrust trust, String url) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        trust.configure(builder, URI.create(url));
        return builder.build();
    }
}
