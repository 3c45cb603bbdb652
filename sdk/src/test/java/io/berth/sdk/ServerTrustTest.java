package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ServerTrustTest {
    @Test
    void anHttpsServerIsCheckedAgainstTheJdksAuthorities() {
        assertThat(ServerTrust.jdkDefaults().sslContext(URI.create("https://lab.example:5000"))).isNull();
    }

    @Test
    void aPlainHttpServerCostsNoTlsSetUp() throws Exception {
        SSLContext context = ServerTrust.jdkDefaults().sslContext(URI.create("http://127.0.0.1:5000"));

        assertThat(context).isNotNull().isNotSameAs(SSLContext.getDefault());
    }
}
