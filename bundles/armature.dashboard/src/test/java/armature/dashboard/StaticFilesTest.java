package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticFilesTest {
    @Test
    void theRootAndFoldersMeanTheirIndex() {
        assertThat(StaticFiles.resource("/")).isEqualTo("web/index.html");
        assertThat(StaticFiles.resource("")).isEqualTo("web/index.html");
        assertThat(StaticFiles.resource("/docs/")).isEqualTo("web/docs/index.html");
        assertThat(StaticFiles.resource("/app.js")).isEqualTo("web/app.js");
    }

    @Test
    void pathsThatLeaveTheFolderAreRefused() {
        assertThat(StaticFiles.resource("/../OSGI-INF/x.xml")).isNull();
        assertThat(StaticFiles.resource("/a/./b.js")).isNull();
        assertThat(StaticFiles.resource("/a\\\\..\\\\b")).isNull();
    }

    @Test
    void contentTypesByExtension() {
        assertThat(StaticFiles.contentType("web/index.html")).startsWith("text/html");
        assertThat(StaticFiles.contentType("web/app.JS")).startsWith("text/javascript");
        assertThat(StaticFiles.contentType("web/app.css")).startsWith("text/css");
        assertThat(StaticFiles.contentType("web/blob")).isEqualTo("application/octet-stream");
    }
}
