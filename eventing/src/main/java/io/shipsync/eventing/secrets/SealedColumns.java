package io.shipsync.eventing.secrets;

import java.util.List;

/**
 * A module's sealed columns. A bean of this type makes {@link SealedSecrets} check the keys at start, seal what is
 * still plaintext there, and include them in status and rotation; a service with none needs no key at all.
 */
public interface SealedColumns {

    List<SealedColumn> sealedColumns();
}
