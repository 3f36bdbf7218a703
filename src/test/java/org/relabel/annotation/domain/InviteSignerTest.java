package org.relabel.annotation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.relabel.annotation.domain.InviteSigner.LinkKind;

class InviteSignerTest {
    final InviteSigner signer = new InviteSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    final InviteSigner other = new InviteSigner("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));

    @Test
    void personalLinkBindsItsWorker() {
        String sig = signer.personalLink(7, "W123");
        assertEquals(LinkKind.PERSONAL, signer.verifyLink(7, "W123", sig));
        assertEquals(LinkKind.INVALID, signer.verifyLink(7, "W124", sig));
        assertEquals(LinkKind.INVALID, signer.verifyLink(8, "W123", sig));
        assertEquals(LinkKind.INVALID, signer.verifyLink(7, null, sig));
    }

    @Test
    void openLinkAcceptsAnyWorkerOfItsCampaignOnly() {
        String sig = signer.openLink(7);
        assertEquals(LinkKind.OPEN, signer.verifyLink(7, "anyone", sig));
        assertEquals(LinkKind.OPEN, signer.verifyLink(7, null, sig));
        assertEquals(LinkKind.INVALID, signer.verifyLink(70, null, sig));
    }

    @Test
    void signaturesOfAnotherKeyOrTamperedAreRejected() {
        assertEquals(LinkKind.INVALID, signer.verifyLink(7, null, other.openLink(7)));
        String sig = signer.openLink(7);
        assertEquals(LinkKind.INVALID, signer.verifyLink(7, null, sig.substring(1) + "A"));
        assertEquals(LinkKind.INVALID, signer.verifyLink(7, null, null));
    }

    @Test
    void sessionTokenCarriesUserUntilExpiry() {
        String token = signer.session("crowd-w1", 1000);
        assertEquals("crowd-w1", signer.verifySession(token, 999));
        assertNull(signer.verifySession(token, 1000));
        assertNull(other.verifySession(token, 999));
        assertNull(signer.verifySession(token.replace(".1000.", ".2000."), 999));
        assertNull(signer.verifySession("garbage", 1));
        assertNull(signer.verifySession("a.b.c", 1));
    }

    @Test
    void refusesShortKeys() {
        assertThrows(IllegalArgumentException.class, () -> new InviteSigner(new byte[16]));
    }
}
