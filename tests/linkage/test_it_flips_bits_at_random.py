import numpy as np

from maillage.linkage.encoding import BLOOM_BITS, _noise_masks


def test_it_flips_about_one_bit_in_thirty_two() -> None:
    masks = _noise_masks(2_000, 5)
    # A mask flips no bit at all with probability (31/32)**256, about 3e-4.
    assert len(masks) == 2_000 and len(set(masks)) > 1_990
    rate = sum(m.bit_count() for m in masks) / (2_000 * BLOOM_BITS)
    assert abs(rate - 1 / 32) < 0.003
    assert all(0 <= m < 1 << BLOOM_BITS for m in masks)
    high = np.array([m >> (BLOOM_BITS - 64) for m in masks], dtype=np.uint64)
    assert np.bitwise_count(high).sum() > 0  # every byte of the mask is random
