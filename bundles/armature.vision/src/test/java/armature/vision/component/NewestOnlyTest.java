package armature.vision.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A slow consumer gets the newest item, never a backlog. */
class NewestOnlyTest {
    @Test
    void itemsArrivingWhileOneWaitsReplaceItAndAreCountedAsDropped() {
        Queue<Runnable> tasks = new ArrayDeque<>();
        List<Integer> processed = new ArrayList<>();
        NewestOnly<Integer> inbox = new NewestOnly<>(tasks::add, processed::add);
        for (int i = 1; i <= 5; i++) {
            inbox.offer(i);
        }
        assertThat(tasks).as("one drain task for five frames").hasSize(1);
        tasks.poll().run();
        assertThat(processed).containsExactly(5);
        assertThat(inbox.dropped()).isEqualTo(4);

        inbox.offer(6);
        assertThat(tasks).hasSize(1);
        tasks.poll().run();
        assertThat(processed).containsExactly(5, 6);
        assertThat(inbox.dropped()).isEqualTo(4);
    }

    @Test
    void anItemOfferedWhileTheConsumerWorksIsTakenByTheNextTask() {
        Queue<Runnable> tasks = new ArrayDeque<>();
        List<Integer> processed = new ArrayList<>();
        AtomicReference<NewestOnly<Integer>> self = new AtomicReference<>();
        self.set(
                new NewestOnly<>(
                        tasks::add,
                        i -> {
                            processed.add(i);
                            if (i == 1) {
                                self.get().offer(2); // arrives during the work on frame 1
                            }
                        }));
        self.get().offer(1);
        tasks.poll().run();
        assertThat(tasks).hasSize(1);
        tasks.poll().run();
        assertThat(processed).containsExactly(1, 2);
        assertThat(self.get().dropped()).isZero();
    }
}
