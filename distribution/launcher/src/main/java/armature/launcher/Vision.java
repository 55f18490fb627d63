package armature.launcher;

import armature.launcher.vision.VisionCalibrateMain;
import armature.launcher.vision.VisionDetectMain;
import java.util.ArrayList;
import java.util.List;

/** {@code armature vision detect} and {@code calibrate}: offline tools that need no container. */
final class Vision {
    private Vision() {}

    static int detect(Invocation inv) {
        List<String> a = new ArrayList<>(inv.operands());
        a.addAll(inv.args.asArguments(inv.command.options()));
        return VisionDetectMain.run(a.toArray(String[]::new), inv.out, inv.err);
    }

    static int calibrate(Invocation inv) {
        List<String> a = new ArrayList<>(inv.operands());
        a.addAll(inv.args.asArguments(inv.command.options()));
        return VisionCalibrateMain.run(a.toArray(String[]::new), inv.out, inv.err);
    }
}
