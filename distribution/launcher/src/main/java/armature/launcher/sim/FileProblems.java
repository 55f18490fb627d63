package armature.launcher.sim;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file option's I/O failure in words: the option, the path and what is wrong with it. */
final class FileProblems {
    private FileProblems() {}

    static String describe(String option, Path file, IOException e) {
        String what;
        if (Files.isDirectory(file)) {
            what = "is a directory; expected a file";
        } else if (e instanceof NoSuchFileException) {
            Path parent = file.toAbsolutePath().getParent();
            what =
                    parent != null && !Files.isDirectory(parent)
                            ? "its directory " + parent + " does not exist"
                            : "no such file";
        } else if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            what = fs.getReason();
        } else {
            what = String.valueOf(e.getMessage());
        }
        return option + " " + file + ": " + what;
    }
}
