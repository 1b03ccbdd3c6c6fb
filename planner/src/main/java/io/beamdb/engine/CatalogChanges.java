package io.beamdb.engine;

import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.SequenceDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.catalog.ViewDef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog changes a transaction's DDL made, as a list of object-level puts and removals by
 * id. A session with uncommitted DDL sees {@code apply(committed, changes)}; commit installs the
 * same changes on the then-current committed catalog, so DDL committed meanwhile by others (on
 * other objects: schema locks keep transactions off each other's objects) is kept. Immutable.
 */
final class CatalogChanges {
  /** One change: the object after the change, or its removal. */
  sealed interface Change {
  }

  record PutTable(TableDef table) implements Change {
  }

  record RemoveTable(int id) implements Change {
  }

  record PutSequence(SequenceDef sequence) implements Change {
  }

  record RemoveSequence(int id) implements Change {
  }

  record PutView(ViewDef view) implements Change {
  }

  record RemoveView(int id) implements Change {
  }

  record PutTrigger(io.beamdb.sql.catalog.TriggerDef trigger) implements Change {
  }

  record RemoveTrigger(int id) implements Change {
  }

  record PutSchema(String name) implements Change {
  }

  record RemoveSchema(String name) implements Change {
  }

  private CatalogChanges() {
  }

  /** The changes that turn {@code base} into {@code next}. */
  static List<Change> diff(Catalog base, Catalog next) {
    List<Change> out = new ArrayList<>();
    Map<Integer, TableDef> bt = new HashMap<>();
    for (TableDef t : base.tables()) {
      bt.put(t.id(), t);
    }
    for (TableDef t : next.tables()) {
      if (bt.remove(t.id()) != t) {
        out.add(new PutTable(t));
      }
    }
    for (int id : bt.keySet()) {
      out.add(new RemoveTable(id));
    }
    Map<Integer, SequenceDef> bs = new HashMap<>();
    for (SequenceDef s : base.sequences()) {
      bs.put(s.id(), s);
    }
    for (SequenceDef s : next.sequences()) {
      if (!s.equals(bs.remove(s.id()))) {
        out.add(new PutSequence(s));
      }
    }
    for (int id : bs.keySet()) {
      out.add(new RemoveSequence(id));
    }
    Map<Integer, ViewDef> bv = new HashMap<>();
    for (ViewDef v : base.views()) {
      bv.put(v.id(), v);
    }
    for (ViewDef v : next.views()) {
      if (!v.equals(bv.remove(v.id()))) {
        out.add(new PutView(v));
      }
    }
    for (int id : bv.keySet()) {
      out.add(new RemoveView(id));
    }
    Map<Integer, io.beamdb.sql.catalog.TriggerDef> btr = new HashMap<>();
    for (io.beamdb.sql.catalog.TriggerDef t : base.triggers()) {
      btr.put(t.id(), t);
    }
    for (io.beamdb.sql.catalog.TriggerDef t : next.triggers()) {
      if (!t.equals(btr.remove(t.id()))) {
        out.add(new PutTrigger(t));
      }
    }
    for (int id : btr.keySet()) {
      out.add(new RemoveTrigger(id));
    }
    for (String sc : next.schemas()) {
      if (!base.hasSchema(sc)) {
        out.add(new PutSchema(sc));
      }
    }
    for (String sc : base.schemas()) {
      if (!next.hasSchema(sc)) {
        out.add(new RemoveSchema(sc));
      }
    }
    return out;
  }

  /** {@code cat} with {@code changes} applied in order. */
  static Catalog apply(Catalog cat, List<Change> changes) {
    Catalog c = cat;
    for (Change ch : changes) {
      if (ch instanceof PutTable) {
        c = c.with(((PutTable) ch).table());
      } else if (ch instanceof RemoveTable) {
        c = c.without(((RemoveTable) ch).id());
      } else if (ch instanceof PutSequence) {
        c = c.withSequence(((PutSequence) ch).sequence());
      } else if (ch instanceof RemoveSequence) {
        c = c.withoutSequence(((RemoveSequence) ch).id());
      } else if (ch instanceof PutView) {
        c = c.withView(((PutView) ch).view());
      } else if (ch instanceof PutTrigger) {
        c = c.withTrigger(((PutTrigger) ch).trigger());
      } else if (ch instanceof RemoveTrigger) {
        c = c.withoutTrigger(((RemoveTrigger) ch).id());
      } else if (ch instanceof PutSchema) {
        c = c.hasSchema(((PutSchema) ch).name()) ? c : c.withSchema(((PutSchema) ch).name());
      } else if (ch instanceof RemoveSchema) {
        c = c.withoutSchema(((RemoveSchema) ch).name());
      } else {
        c = c.withoutView(((RemoveView) ch).id());
      }
    }
    return c;
  }
}
