package io.meetingmedia.gateway.ingest;

import io.vertx.core.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Settlements posted from any thread (Kafka's I/O thread) and handled on one Vert.x context, in the order posted, a
 * batch per hop. Kafka answers a whole produce batch at once; scheduling one task per record on the connection's event
 * loop cost a task and often a wake-up each, while this costs one per batch.
 *
 * @param <T> what is posted
 */
public final class AckInbox<T> {
  private final Context context;
  private final Consumer<T> handler;
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  /** True from the post that scheduled a drain until that drain starts taking items. */
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * @param context where {@code handler} runs
   * @param handler handles each posted item, in the order posted
   */
  public AckInbox(Context context, Consumer<T> handler) {
    this.context = context;
    this.handler = handler;
  }

  /** Any thread: queues the item and makes sure a drain will run on the context after it. */
  public void post(T item) {
    queue.offer(item);
    // a drain clears the flag before it polls, so an item offered before this read of true is polled by that drain
    if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    scheduled.set(false);
    T item;
    while ((item = queue.poll()) != null) {
      handler.accept(item);
    }
  }
}
