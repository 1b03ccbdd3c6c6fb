package io.beamdb.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScramTest {
  @Test
  void theRightPasswordProvesItselfAndAWrongOneDoesNot() {
    Scram.Verifier v = Scram.Verifier.parse(Scram.newVerifier("correct horse").text());
    byte[] auth = Scram.authMessage("ann", Scram.nonce(), Scram.nonce());
    assertTrue(Scram.verify(v, auth, Scram.clientProof("correct horse", v.salt(), v.iterations(), auth)));
    assertFalse(Scram.verify(v, auth, Scram.clientProof("correct horsE", v.salt(), v.iterations(), auth)));
    assertArrayEquals(Scram.serverSignature(v, auth),
        Scram.expectedServerSignature("correct horse", v.salt(), v.iterations(), auth));
  }

  @Test
  void aProofIsBoundToItsNonces() {
    Scram.Verifier v = Scram.newVerifier("pw");
    byte[] auth1 = Scram.authMessage("ann", Scram.nonce(), Scram.nonce());
    byte[] auth2 = Scram.authMessage("ann", Scram.nonce(), Scram.nonce());
    assertFalse(Scram.verify(v, auth2, Scram.clientProof("pw", v.salt(), v.iterations(), auth1)), "no replay");
  }

  @Test
  void theVerifierDoesNotContainThePassword() {
    String text = Scram.newVerifier("hunter2hunter2").text();
    assertFalse(text.contains("hunter2"));
    assertFalse(new String(java.util.Base64.getDecoder().decode(text.split("\\$")[2].split(":")[0]),
        StandardCharsets.ISO_8859_1).contains("hunter2"));
    assertThrows(IllegalArgumentException.class, () -> Scram.Verifier.parse("plain:hunter2"));
  }
}
