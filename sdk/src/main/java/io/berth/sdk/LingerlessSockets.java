package io.berth.sdk;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets that close at once, even while another thread is blocked writing to them. By default closing a TLS
 * socket first takes the lock its writer holds, to send a close alert: a call cut off because the server stopped
 * taking its body would wait as long as the write does (TCP gives up after about a quarter of an hour). With
 * {@code SO_LINGER} 0 the close gives up on the lock at once and closes the connection under the writer.
 */
final class LingerlessSockets extends SSLSocketFactory {
    private final SSLSocketFactory sockets;

    LingerlessSockets(SSLSocketFactory sockets) {
        this.sockets = sockets;
    }

    @Override
    public Socket createSocket() throws IOException {
        return lingerless(sockets.createSocket());
    }

    @Override
    public Socket createSocket(Socket layered, String host, int port, boolean autoClose) throws IOException {
        return lingerless(sockets.createSocket(layered, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return lingerless(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return lingerless(sockets.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return lingerless(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return lingerless(sockets.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return sockets.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return sockets.getSupportedCipherSuites();
    }

    private static Socket lingerless(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        return socket;
    }
}
