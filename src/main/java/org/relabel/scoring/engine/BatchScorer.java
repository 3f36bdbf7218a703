package org.relabel.scoring.engine;

import ai.djl.inference.Predictor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Scores a stream of images with a {@link LoadedModel} and delivers each image's top-k classes.
 *
 * <p>Pipeline of one {@link #score} call:
 * <pre>
 *   source iterator --(decodeThreads: read bytes, decode, resize, normalise)--&gt; bounded queue of tensors
 *     --(inferenceThreads, one DJL Predictor each: batchPredict of batchSize)--&gt; softmax, top-k
 *     --&gt; bounded event queue --(calling thread)--&gt; {@link ScoringListener}
 * </pre>
 * Decoding overlaps inference, and at most {@link ScoringOptions#queueCapacity()} preprocessed images wait at a
 * time, so memory does not grow with the number of images. Probabilities are
 * {@code softmax(logits)} unless {@link ModelSpec#outputsProbabilities()} says the model emits them itself.
 *
 * <p>Cancellation: the cancel signal is polled by the calling thread between batches (at least every 50 ms);
 * once it is raised nothing more is delivered, no new batch starts, and {@code score} returns after the batches
 * in flight finish, with {@link ScoringResult#cancelled()} true. An image that cannot be read or decoded is
 * reported through {@link ScoringListener#onImageError} and the rest go on; an engine failure on a batch or a
 * failing source iterator ends the run with a {@link ScoringException}.
 *
 * <p>With several inference threads, batches may be delivered out of source order. One instance may run
 * several {@code score} calls one after another or at once; each call has its own threads.
 */
public final class BatchScorer {

    private final LoadedModel model;
    private final ScoringOptions options;

    public BatchScorer(LoadedModel model, ScoringOptions options) {
        this.model = Objects.requireNonNull(model, "model");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A scorer with {@link ScoringOptions#defaults()}. */
    public BatchScorer(LoadedModel model) {
        this(model, ScoringOptions.defaults());
    }

    public ScoringOptions options() {
        return options;
    }

    /**
     * Scores every image of a stream; the stream is consumed but not closed.
     *
     * @see #score(Iterator, BooleanSupplier, ScoringListener)
     */
    public ScoringResult score(Stream<? extends ImageSource> images, BooleanSupplier cancelled,
                               ScoringListener listener) throws ScoringException, InterruptedException {
        return score(images.iterator(), cancelled, listener);
    }

    /**
     * Scores every image the iterator yields, calling the listener on this thread, and returns when all are
     * scored or reported, or the run was cancelled.
     *
     * @param images    images to score; read by one decoding thread at a time
     * @param cancelled polled between batches; when it returns true the run stops
     * @param listener  receives scored batches, image errors and progress
     * @throws ScoringException     if inference fails or the iterator throws
     * @throws InterruptedException if this thread is interrupted (the run is stopped first)
     */
    public ScoringResult score(Iterator<? extends ImageSource> images, BooleanSupplier cancelled,
                               ScoringListener listener) throws ScoringException, InterruptedException {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(listener, "listener");
        return new Run(images).execute(cancelled, listener);
    }

    private sealed interface Event permits Scored, Failed, WorkerDone {
    }

    private record Scored(List<ScoredImage> images) implements Event {
    }

    private record Failed(ImageError error) implements Event {
    }

    private record Fatal(String message, Throwable cause) {
    }

    private record WorkerDone() implements Event {
    }

    private record Prepared(String imageKey, float[] input) {
    }

    /** The threads and queues of one {@link #score} call. */
    private final class Run {
        private final Prepared end = new Prepared(null, null);
        private final Iterator<? extends ImageSource> images;
        private final Object sourceLock = new Object();
        private final BlockingQueue<Prepared> prepared = new ArrayBlockingQueue<>(options.queueCapacity());
        private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(
                4 * options.inferenceThreads() + options.decodeThreads() + 8);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Fatal> fatal = new AtomicReference<>();
        private final AtomicInteger decodersLeft = new AtomicInteger(options.decodeThreads());
        private final ImagePreprocessor preprocessor = model.preprocessor();
        private final boolean softmax = !model.spec().outputsProbabilities();
        private boolean exhausted;

        Run(Iterator<? extends ImageSource> images) {
            this.images = images;
        }

        ScoringResult execute(BooleanSupplier cancelled, ScoringListener listener)
                throws ScoringException, InterruptedException {
            long start = System.nanoTime();
            List<Thread> decoders = new ArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < options.decodeThreads(); i++) {
                decoders.add(thread("relabel-scoring-decode-" + i, this::decodeLoop));
            }
            for (int i = 0; i < options.inferenceThreads(); i++) {
                workers.add(thread("relabel-scoring-infer-" + i, this::inferLoop));
            }
            long scored = 0;
            long failed = 0;
            boolean wasCancelled = false;
            int workersLeft = workers.size();
            try {
                workers.forEach(Thread::start);
                decoders.forEach(Thread::start);
                while (workersLeft > 0) {
                    Fatal failure = fatal.get();
                    if (failure != null) {
                        throw new ScoringException(failure.message(), failure.cause());
                    }
                    if (cancelled.getAsBoolean()) {
                        wasCancelled = true;
                        break;
                    }
                    Event event = events.poll(50, TimeUnit.MILLISECONDS);
                    if (event == null) {
                        continue;
                    }
                    if (event instanceof Scored s) {
                        listener.onScored(s.images());
                        scored += s.images().size();
                        listener.onProgress(new ScoringProgress(scored, failed, millisSince(start)));
                    } else if (event instanceof Failed f) {
                        listener.onImageError(f.error());
                        failed++;
                        listener.onProgress(new ScoringProgress(scored, failed, millisSince(start)));
                    } else {
                        workersLeft--;
                    }
                }
                // a failure recorded just before the last worker ended must not be lost
                Fatal failure = fatal.get();
                if (failure != null && !wasCancelled) {
                    throw new ScoringException(failure.message(), failure.cause());
                }
            } finally {
                shutDown(decoders, workers);
            }
            return new ScoringResult(scored, failed, wasCancelled, millisSince(start));
        }

        /** Stops all threads; waits for inference threads, which hold native predictors, to end. */
        private void shutDown(List<Thread> decoders, List<Thread> workers) {
            stop.set(true);
            decoders.forEach(Thread::interrupt);
            workers.forEach(Thread::interrupt);
            boolean interrupted = false;
            for (Thread worker : workers) {
                while (worker.isAlive()) {
                    try {
                        worker.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            for (Thread decoder : decoders) {
                try {
                    decoder.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void decodeLoop() {
            try {
                while (!stop.get()) {
                    ImageSource source = nextSource();
                    if (source == null) {
                        break;
                    }
                    float[] input = prepare(source);
                    if (input != null) {
                        prepared.put(new Prepared(source.imageKey(), input));
                    }
                }
            } catch (InterruptedException e) {
                // stopping
            } catch (Throwable t) {
                fail("Image decoding failed: " + Djl.firstLine(t), t);
            } finally {
                if (decodersLeft.decrementAndGet() == 0 && !stop.get()) {
                    try {
                        for (int i = 0; i < options.inferenceThreads(); i++) {
                            prepared.put(end);
                        }
                    } catch (InterruptedException e) {
                        // stopping
                    }
                }
            }
        }

        /** The next source, or null when exhausted or stopping; one decoder at a time touches the iterator. */
        private ImageSource nextSource() {
            synchronized (sourceLock) {
                if (exhausted || stop.get()) {
                    return null;
                }
                try {
                    if (!images.hasNext()) {
                        exhausted = true;
                        return null;
                    }
                    ImageSource source = images.next();
                    if (source == null) {
                        throw new IllegalStateException("the image source yielded null");
                    }
                    return source;
                } catch (RuntimeException e) {
                    exhausted = true;
                    fail("Reading the list of images failed: " + Djl.firstLine(e), e);
                    return null;
                }
            }
        }

        /** Reads and preprocesses one image; reports a failure as an image error and returns null. */
        private float[] prepare(ImageSource source) throws InterruptedException {
            byte[] bytes;
            try {
                bytes = source.bytes().read();
            } catch (NoSuchFileException e) {
                events.put(new Failed(new ImageError(source.imageKey(), "image file not found")));
                return null;
            } catch (IOException | RuntimeException e) {
                if (stop.get()) {
                    return null;
                }
                events.put(new Failed(new ImageError(source.imageKey(),
                        "could not read the image: " + Djl.firstLine(e))));
                return null;
            }
            try {
                return preprocessor.prepare(bytes);
            } catch (IOException e) {
                events.put(new Failed(new ImageError(source.imageKey(), e.getMessage())));
            } catch (RuntimeException e) {
                events.put(new Failed(new ImageError(source.imageKey(),
                        "could not decode the image: " + Djl.firstLine(e))));
            }
            return null;
        }

        private void inferLoop() {
            try (Predictor<float[], float[]> predictor = model.newPredictor()) {
                List<Prepared> batch = new ArrayList<>(options.batchSize());
                List<float[]> inputs = new ArrayList<>(options.batchSize());
                boolean sawEnd = false;
                while (!sawEnd && !stop.get()) {
                    batch.clear();
                    while (batch.size() < options.batchSize()) {
                        Prepared next = prepared.take();
                        if (next == end) {
                            sawEnd = true;
                            break;
                        }
                        batch.add(next);
                    }
                    if (batch.isEmpty() || stop.get()) {
                        continue;
                    }
                    inputs.clear();
                    batch.forEach(p -> inputs.add(p.input()));
                    List<float[]> rows = predictor.batchPredict(inputs);
                    List<ScoredImage> scored = new ArrayList<>(batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        float[] row = rows.get(i);
                        double[] probabilities = softmax ? TopK.softmax(row) : TopK.asIs(row);
                        scored.add(new ScoredImage(batch.get(i).imageKey(), TopK.top(probabilities, options.topK())));
                    }
                    events.put(new Scored(scored));
                }
            } catch (InterruptedException e) {
                // stopping
            } catch (Throwable t) {
                fail("Inference failed: " + Djl.firstLine(t), t);
            } finally {
                if (stop.get()) {
                    events.offer(new WorkerDone());
                } else {
                    try {
                        events.put(new WorkerDone());
                    } catch (InterruptedException e) {
                        // stopping
                    }
                }
            }
        }

        /** Records the first fatal failure (the calling thread rethrows it) and stops all threads. */
        private void fail(String message, Throwable cause) {
            fatal.compareAndSet(null, new Fatal(message, cause));
            stop.set(true);
        }

        private Thread thread(String name, Runnable body) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            return t;
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
