package armature.launcher;

import armature.bus.paho.BusSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * How a client of the launcher logs in to the broker: {@code --broker-user NAME
 * --broker-password-file FILE} and TLS material {@code --broker-ca FILE [--broker-cert FILE
 * --broker-key FILE]} when given; otherwise, for the CLI talking to its local container, the
 * operator credential {@code cli} whose password the container keeps in {@code
 * runtime/<id>/cli.password}.
 *
 * @param credentials user and password, or {@code null} to connect without
 * @param tls TLS material for {@code ssl://}, or {@code null}
 */
record BrokerLogin(BusSettings.Credentials credentials, BusSettings.Tls tls) {
    static final String USER = "broker-user";
    static final String PASSWORD_FILE = "broker-password-file";
    static final String CA = "broker-ca";
    static final String CERT = "broker-cert";
    static final String KEY = "broker-key";

    /** No user, no TLS material. */
    static final BrokerLogin NONE = new BrokerLogin(null, null);

    /**
     * The login the options name.
     *
     * @param option option value by name (without "--"), {@code null} when not given
     * @throws Args.UsageException naming the option and what is wrong
     */
    static BrokerLogin fromOptions(Function<String, String> option) {
        String user = option.apply(USER);
        String passwordFile = option.apply(PASSWORD_FILE);
        if ((user == null) != (passwordFile == null)) {
            throw new Args.UsageException(
                    "--" + USER + " and --" + PASSWORD_FILE + " go together; give both or neither");
        }
        BusSettings.Credentials credentials = null;
        if (user != null) {
            credentials = credentials(user, Path.of(passwordFile), "--" + PASSWORD_FILE);
        }
        String ca = option.apply(CA);
        String cert = option.apply(CERT);
        String key = option.apply(KEY);
        BusSettings.Tls tls = null;
        if (ca != null || cert != null || key != null) {
            try {
                tls =
                        new BusSettings.Tls(
                                readable(ca, CA), readable(cert, CERT), readable(key, KEY));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(
                        "--" + CERT + " and --" + KEY + " go together: " + e.getMessage());
            }
        }
        return new BrokerLogin(credentials, tls);
    }

    /**
     * What the CLI uses: the options when they name a user or TLS material; otherwise the local
     * {@code cli} credential when the CLI talks to the broker its container runs on.
     *
     * @param option option value by name, {@code null} when not given
     */
    static BusSettings forCli(BusSettings settings, Function<String, String> option, Home home) {
        BrokerLogin given = fromOptions(option);
        if (given.credentials == null) {
            BusSettings.Credentials local = localCli(home, settings.brokerUrl(), option);
            given = new BrokerLogin(local, given.tls);
        }
        try {
            return given.applyTo(settings);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    /** These credentials and TLS material on {@code settings}. */
    BusSettings applyTo(BusSettings settings) {
        BusSettings s = settings;
        if (credentials != null) {
            s = s.withCredentials(credentials);
        }
        if (tls != null) {
            s = s.withTls(tls);
        }
        return s;
    }

    /**
     * The local operator login, when {@code url} is the broker of the local container (the one it
     * wrote to {@code runtime/<id>/broker.url}) and the container made the password file. Never
     * sent to a broker named by hand that the container does not use.
     */
    private static BusSettings.Credentials localCli(
            Home home, String url, Function<String, String> option) {
        Path pw = home.cliPasswordFile();
        if (!Files.isReadable(pw)) {
            return null;
        }
        if (option.apply("broker") != null) {
            try {
                String local = Files.readString(home.brokerUrlFile()).trim();
                if (!local.equals(url)) {
                    return null;
                }
            } catch (IOException e) {
                return null;
            }
        }
        return credentials(Home.CLI_USER, pw, pw.toString());
    }

    /**
     * Reads a password file: its first line, surrounding white space removed.
     *
     * @throws Args.UsageException when it cannot be read or is empty
     */
    static BusSettings.Credentials credentials(String user, Path file, String what) {
        char[] password;
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8);
            Arrays.fill(bytes, (byte) 0);
            int nl = text.indexOf('\n');
            password = (nl < 0 ? text : text.substring(0, nl)).strip().toCharArray();
        } catch (IOException e) {
            throw new Args.UsageException(
                    "cannot read the password file " + file + " (" + what + "): " + e.getMessage());
        }
        if (password.length == 0) {
            throw new Args.UsageException("the password file " + file + " is empty");
        }
        try {
            return new BusSettings.Credentials(user, password);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + USER + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static Path readable(String file, String option) {
        if (file == null) {
            return null;
        }
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            throw new Args.UsageException("--" + option + " " + file + ": file not readable");
        }
        return p;
    }
}
