package armature.bus.paho;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory of a {@link BusSettings.Tls} from PEM files. Public for the
 * launcher, which probes an external broker with a plain Paho client before the framework starts.
 */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLSocketFactory socketFactory(BusSettings.Tls tls) {
        try {
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.caFile() == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(tls.caFile())) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (tls.certFile() != null) {
                KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
                keys.load(null, null);
                char[] none = new char[0];
                keys.setKeyEntry(
                        "client",
                        privateKey(tls.keyFile()),
                        none,
                        certificates(tls.certFile()).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, none);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS settings " + tls + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path pem)
            throws IOException, GeneralSecurityException {
        if (!Files.isReadable(pem)) {
            throw new IllegalArgumentException("certificate file " + pem + " is not readable");
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = cf.generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("certificate file " + pem + " holds no certificate");
        }
        return new ArrayList<>(certs);
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        if (!Files.isReadable(pem)) {
            throw new IllegalArgumentException("key file " + pem + " is not readable");
        }
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(
                    "key file "
                            + pem
                            + " is not a PEM PKCS#8 private key (BEGIN PRIVATE KEY);"
                            + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der =
                Base64.getMimeDecoder()
                        .decode(text.substring(begin + 27, end).replaceAll("\\s", ""));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        throw new IllegalArgumentException(
                "key file " + pem + " holds no RSA, EC or Ed25519 private key");
    }
}
