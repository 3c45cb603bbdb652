package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;

class ServerTrustTest {
    @Test
    void anHttpsServerIsCheckedAgainstTheJdksAuthoritiesOverSocketsThatCloseAtOnce() throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection) connectionTo("https://lab.example:5000");

        ServerTrust.jdkDefaults().configure(connection);

        assertThat(connection.getSSLSocketFactory().getSupportedCipherSuites())
                .containsExactly(HttpsURLConnection.getDefaultSSLSocketFactory().getSupportedCipherSuites());
        try (Socket socket = connection.getSSLSocketFactory().createSocket()) {
            assertThat(socket.getSoLinger()).isZero(); // a cut-off upload's close does not wait for its writer
        }
    }

    @Test
    void aPlainHttpServerGetsNoTlsSetUp() throws Exception {
        HttpURLConnection connection = connectionTo("http://127.0.0.1:5000");

        ServerTrust.jdkDefaults().configure(connection);

        assertThat(connection).isNotInstanceOf(HttpsURLConnection.class);
    }

    private static HttpURLConnection connectionTo(String url) throws Exception {
        return (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
    }
}
