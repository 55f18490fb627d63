package armature.vision.component;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder camera refuses, at activation, a camera id its topics could not carry. */
class FolderCameraComponentTest {
    @TempDir Path folder;

    @Test
    void aCameraIdThatCannotBeATopicLevelIsRefusedAtActivation() {
        for (String id : new String[] {"a/b", "x+#", ""}) {
            assertThatThrownBy(() -> new FolderCameraComponent(new FakeBus(), config(id)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + id + "' must be 1-64 letters, digits");
        }
    }

    private FolderCameraComponent.Config config(String cameraId) {
        return new FolderCameraComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FolderCameraComponent.Config.class;
            }

            @Override
            public String cameraId() {
                return cameraId;
            }

            @Override
            public String folder() {
                return folder.toString();
            }

            @Override
            public double rateHz() {
                return 10;
            }

            @Override
            public boolean loop() {
                return false;
            }

            @Override
            public String intrinsics() {
                return "";
            }

            @Override
            public double[] robotFromCamera() {
                return new double[] {0, 0, 0, 1, 0, 0, 0};
            }
        };
    }
}
