package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  @TempDir
  Path dir;

  @Test
  void yamlRoundTripsAndRelativeDataIsBesideTheFile() throws Exception {
    List<NodeConfig.Peer> peers = List.of(new NodeConfig.Peer("a", "127.0.0.1:1000", "127.0.0.1:1001"),
        new NodeConfig.Peer("b", "127.0.0.1:2000", "127.0.0.1:2001"));
    NodeConfig c = new NodeConfig("b", "127.0.0.1:2000", "127.0.0.1:2001", Path.of("data-b"), "shop", peers,
        Map.of("ann", "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5"), Map.of("LOCK_TIMEOUT", "500"));
    Path f = Files.writeString(dir.resolve("b.yaml"), c.toYaml());
    NodeConfig back = NodeConfig.load(f);
    assertEquals("b", back.id());
    assertEquals(peers, back.peers());
    assertEquals(dir.resolve("data-b").toAbsolutePath(), back.data());
    assertEquals("shop", back.database());
    assertEquals(c.users(), back.users());
    assertEquals("500", back.settings().get("LOCK_TIMEOUT"));
  }

  @Test
  void aNodeMissingFromItsPeersIsRejected() throws Exception {
    Path f = Files.writeString(dir.resolve("x.yaml"),
        "node: z\ndata: d\npeers:\n  - {id: a, listen: 127.0.0.1:1, raft: 127.0.0.1:2}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(f));
    assertTrue(e.getMessage().contains("'z' is not among the peers"), e.getMessage());
    Path g = Files.writeString(dir.resolve("y.yaml"), "node: a\ndata: d\n");
    assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(g));
  }
}
