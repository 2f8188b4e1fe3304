package com.bazaar.cli.shell;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.reader.Widget;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.springframework.shell.jline.JLineInputProvider;
import org.springframework.shell.jline.PromptProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The lines the console runs, each at most {@link #MAX_LINE} characters. A longer line is refused with one sentence
 * (its number, the limit), is not run and leaves exit status 4; the next line runs as usual.
 * <ul>
 *   <li>In a terminal, JLine edits the line; typing stops at the limit (the terminal beeps) and a paste that would
 *       pass it is undone, so the line in memory stays bounded; when entered, such a line is refused (never run
 *       cut down). Ctrl-C clears the line and the refusal with it.</li>
 *   <li>Otherwise (standard input is a pipe or a file: a dumb terminal) the lines are read here, not by JLine, whose
 *       line editor keeps a whole line in memory and redraws it per character (a 10 MB line did not end in 90 s):
 *       {@link BoundedLines} keeps at most the limit of a line, whatever the input.</li>
 * </ul>
 */
final class ConsoleInput extends JLineInputProvider {

    /** The longest line the console runs (a product description is at most 5,000 characters). */
    static final int MAX_LINE = 65_536;

    private final LineReader reader;
    private final ConsoleSession session;
    private final PromptProvider prompt;
    private final BoundedLines piped;
    private long typed;
    /** Whether the line being typed went past the limit (and was cut): it is refused when entered. */
    private boolean overflowed;

    ConsoleInput(LineReader reader, PromptProvider prompt, ConsoleSession session, InputStream stdin) {
        super(reader);
        setPromptProvider(prompt);
        this.reader = reader;
        this.prompt = prompt;
        this.session = session;
        Terminal terminal = reader.getTerminal();
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            piped = new BoundedLines(new InputStreamReader(stdin, terminal.encoding()), MAX_LINE);
        } else {
            piped = null;
            boundEditing(reader);
        }
    }

    @Override
    public String readInput() {
        return piped != null ? readPiped() : readTyped();
    }

    private String readTyped() {
        String line;
        try {
            line = super.readInput();
        } catch (UserInterruptException e) {
            overflowed = false;
            return ""; // Ctrl-C clears the line
        }
        typed++;
        if (overflowed || line != null && line.length() > MAX_LINE) {
            overflowed = false;
            refuse(typed);
            return "";
        }
        return line == null ? null : line.strip();
    }

    private String readPiped() {
        Terminal terminal = reader.getTerminal();
        AttributedString shown = prompt.getPrompt();
        terminal.writer().print(shown.toAnsi(terminal));
        terminal.flush();
        BoundedLines.Line line;
        try {
            line = piped.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (line == null) {
            throw new EndOfFileException(); // as JLine ends: the loop stops without a word
        }
        if (line instanceof BoundedLines.TooLong tooLong) {
            terminal.writer().println();
            terminal.flush();
            refuse(tooLong.number());
            return "";
        }
        String text = ((BoundedLines.Text) line).text().strip();
        if (!text.isEmpty()) {
            reader.getHistory().add(Instant.now(), text);
        }
        return text;
    }

    private void refuse(long number) {
        session.refuse("input line " + number + " is longer than " + String.format(Locale.ROOT, "%,d", MAX_LINE)
                + " characters (the console's line limit), so it was not run.");
    }

    /**
     * Typing stops at the limit and a paste that would pass it is undone (both beep), so the buffer stays bounded;
     * the line is then refused when entered: a cut-down line is never run.
     */
    private void boundEditing(LineReader reader) {
        Map<String, Widget> widgets = reader.getWidgets();
        Widget insert = widgets.get(LineReader.SELF_INSERT);
        widgets.put(LineReader.SELF_INSERT, () -> {
            if (reader.getBuffer().length() >= MAX_LINE) {
                overflowed = true;
                reader.callWidget(LineReader.BEEP);
                return true;
            }
            return insert.apply();
        });
        Widget paste = widgets.get(LineReader.BEGIN_PASTE);
        widgets.put(LineReader.BEGIN_PASTE, () -> {
            String before = reader.getBuffer().toString();
            int cursor = reader.getBuffer().cursor();
            boolean done = paste.apply();
            if (reader.getBuffer().length() > MAX_LINE) {
                overflowed = true;
                reader.getBuffer().clear();
                reader.getBuffer().write(before);
                reader.getBuffer().cursor(cursor);
                reader.callWidget(LineReader.BEEP);
            }
            return done;
        });
    }
}
