package org.relabel.demo.world;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command line: writes a contact sheet PNG of the first scenes of a spec, each enlarged and captioned
 * with its original label, hidden main object, background and planted flags, so a person can check
 * that the demo world looks sensible.
 *
 * <pre>java -Djava.awt.headless=true org.relabel.demo.world.DemoWorldPreview OUT.png [SEED] [COUNT]</pre>
 *
 * <p>Caption lines: {@code key}; {@code label -> main} (red when the original label is not the main
 * object); background and flags ({@code ERR} label error, {@code 2obj}/{@code 3obj} multi-object).
 */
public final class DemoWorldPreview {

    private static final int COLUMNS = 8;
    private static final int SCALE = 2;
    private static final int CAPTION_HEIGHT = 40;
    private static final int GAP = 6;

    private DemoWorldPreview() {
    }

    /**
     * Entry point.
     *
     * @param args output path, optional seed (default 1), optional count (default 40)
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: DemoWorldPreview OUT.png [SEED] [COUNT]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Path out = Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        List<Scene> scenes = SceneGenerator.generate(SceneSpec.of(seed, count));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, SceneRenderer.toPng(contactSheet(scenes)));
        System.out.println("wrote " + scenes.size() + " scenes (seed " + seed + ") to " + out.toAbsolutePath());
        System.out.println(DemoTruth.report(scenes));
    }

    /** A grid of the scenes, {@value #COLUMNS} per row, each enlarged {@value #SCALE}x with a caption. */
    public static BufferedImage contactSheet(List<Scene> scenes) {
        int tile = scenes.isEmpty() ? SceneSpec.DEFAULT_SIZE * SCALE : scenes.get(0).size() * SCALE;
        int rows = Math.max(1, (scenes.size() + COLUMNS - 1) / COLUMNS);
        int cellW = tile + GAP;
        int cellH = tile + CAPTION_HEIGHT + GAP;
        BufferedImage sheet = new BufferedImage(COLUMNS * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int i = 0; i < scenes.size(); i++) {
                Scene s = scenes.get(i);
                int x = GAP + (i % COLUMNS) * cellW;
                int y = GAP + (i / COLUMNS) * cellH;
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(SceneRenderer.render(s), x, y, tile, tile, null);
                g.setColor(Color.DARK_GRAY);
                g.drawString(s.key(), x, y + tile + 11);
                g.setColor(s.originalLabelIsMain() ? Color.BLACK : Color.RED);
                g.drawString(s.originalLabel() + " -> " + s.truth().main(), x, y + tile + 23);
                g.setColor(Color.DARK_GRAY);
                StringBuilder flags = new StringBuilder(s.background().key());
                if (s.multiObject()) {
                    flags.append(' ').append(s.objects().size()).append("obj");
                }
                if (s.labelError()) {
                    flags.append(" ERR");
                }
                g.drawString(flags.toString(), x, y + tile + 35);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
