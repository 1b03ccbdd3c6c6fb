package io.beamdb.cli.slt;

import io.beamdb.cli.slt.SltRecord.Condition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses sqllogictest scripts as FORMAT.wiki describes them: lines starting with {@code #} are
 * removed first (they neither separate records nor end up in SQL), records are separated by
 * blank lines, a record starts with zero or more {@code skipif}/{@code onlyif} lines, then a
 * {@code statement}, {@code query}, {@code hash-threshold} or {@code halt} line. A query's SQL
 * runs up to a {@code ----} line; the lines after it are the expected values. Trailing
 * carriage returns (CRLF files) are ignored.
 */
public final class SltParser {

  private SltParser() {}

  public static List<SltRecord> parse(Path file) throws IOException {
    // ISO-8859-1 maps every byte to a char, so no script can fail to decode.
    return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
  }

  public static List<SltRecord> parse(String script) {
    List<SltRecord> records = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    int firstLine = 0;
    String[] all = script.split("\n", -1);
    for (int i = 0; i < all.length; i++) {
      String line = all[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isBlank()) {
        if (!lines.isEmpty()) {
          records.add(record(firstLine, lines));
          lines = new ArrayList<>();
        }
        continue;
      }
      if (lines.isEmpty()) {
        firstLine = i + 1;
      }
      lines.add(line);
    }
    if (!lines.isEmpty()) {
      records.add(record(firstLine, lines));
    }
    return records;
  }

  private static SltRecord record(int line, List<String> lines) {
    List<Condition> conditions = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String[] tokens = tokens(lines.get(i));
      boolean skipIf = tokens[0].equals("skipif");
      if (!skipIf && !tokens[0].equals("onlyif")) {
        break;
      }
      if (tokens.length < 2) {
        return new SltRecord.Invalid(line, conditions, String.join("\n", lines), "condition without engine name");
      }
      conditions.add(new Condition(!skipIf, tokens[1]));
      i++;
    }
    List<Condition> conds = List.copyOf(conditions);
    if (i == lines.size()) {
      return new SltRecord.Invalid(line, conds, String.join("\n", lines), "conditions without a record");
    }
    String[] head = tokens(lines.get(i));
    List<String> body = lines.subList(i + 1, lines.size());
    switch (head[0]) {
      case "statement": {
        if (head.length < 2 || !(head[1].equals("ok") || head[1].equals("error"))) {
          return new SltRecord.Invalid(line, conds, String.join("\n", lines), "expected 'statement ok' or 'statement error'");
        }
        return new SltRecord.Statement(line, conds, head[1].equals("error"), String.join("\n", body));
      }
      case "query": {
        if (head.length < 2 || !head[1].matches("[ITR]+")) {
          return new SltRecord.Invalid(line, conds, String.join("\n", lines), "query needs a type string of I, T and R");
        }
        SltRecord.SortMode sort = SltRecord.SortMode.NOSORT;
        if (head.length >= 3) {
          try {
            sort = SltRecord.SortMode.parse(head[2]);
          } catch (IllegalArgumentException e) {
            return new SltRecord.Invalid(line, conds, String.join("\n", lines), "unknown sort mode " + head[2]);
          }
        }
        String label = head.length >= 4 ? head[3] : null;
        int separator = body.indexOf("----");
        List<String> sql = separator < 0 ? body : body.subList(0, separator);
        List<String> expected = separator < 0 ? List.of() : List.copyOf(body.subList(separator + 1, body.size()));
        return new SltRecord.Query(line, conds, head[1], sort, label, String.join("\n", sql), expected);
      }
      case "hash-threshold": {
        try {
          return new SltRecord.HashThreshold(line, conds, Integer.parseInt(head[1]));
        } catch (RuntimeException e) {
          return new SltRecord.Invalid(line, conds, String.join("\n", lines), "hash-threshold needs a number");
        }
      }
      case "halt":
        return new SltRecord.Halt(line, conds);
      default:
        return new SltRecord.Invalid(line, conds, String.join("\n", lines), "unknown record type '" + head[0] + "'");
    }
  }

  private static String[] tokens(String line) {
    String stripped = line.strip();
    return stripped.isEmpty() ? new String[] {""} : stripped.split("\\s+");
  }
}
