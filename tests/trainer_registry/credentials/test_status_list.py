"""The Bitstring Status List: size, bit order, encoding and random positions."""

from __future__ import annotations

import gzip

import pytest

from trainer_registry.credentials import multibase, status_list

# The encodedList of the W3C Bitstring Status List v1.0 specification's example status
# list credential: 131,072 entries, none set.
SPEC_EXAMPLE = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_the_specifications_example_decodes_to_131072_clear_bits():
    bits = status_list.decode(SPEC_EXAMPLE)
    assert len(bits) * 8 == status_list.MINIMUM_SIZE == 131_072
    assert not any(bits)


def test_index_zero_is_the_left_most_bit():
    bits = status_list.empty_bitstring()
    status_list.set_bit(bits, 0)
    status_list.set_bit(bits, 9)
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000
    assert status_list.bit_at(bits, 0) and status_list.bit_at(bits, 9)
    assert not status_list.bit_at(bits, 1)
    status_list.set_bit(bits, 0, False)
    assert bits[0] == 0


def test_encoded_list_is_gzip_then_base64url_multibase():
    bits = status_list.empty_bitstring()
    status_list.set_bit(bits, 131_071)
    encoded = status_list.encode(bits)
    assert encoded.startswith("u") and "=" not in encoded
    assert gzip.decompress(multibase.base64url_decode(encoded)) == bytes(bits)
    assert status_list.decode(encoded) == bits


@pytest.mark.parametrize("size", [8, 131_064, 131_073])
def test_a_list_too_short_or_not_whole_bytes_is_refused(size):
    with pytest.raises(status_list.StatusListError, match="at least 131072"):
        status_list.empty_bitstring(size)


def test_a_short_encoded_list_is_refused():
    short = multibase.base64url_encode(gzip.compress(bytes(100)))
    with pytest.raises(status_list.StatusListError, match="fewer than 131072"):
        status_list.decode(short)


def test_an_index_outside_the_list_is_refused():
    with pytest.raises(status_list.StatusListError, match="outside the list"):
        status_list.bit_at(status_list.empty_bitstring(), 131_072)


def test_free_positions_are_drawn_at_random_and_never_taken_ones():
    taken = set(range(0, 131_072, 2))
    drawn = {status_list.draw_free_index(131_072, taken.__contains__) for _ in range(200)}
    assert drawn.isdisjoint(taken)
    assert len(drawn) > 150  # random, not sequential: 200 draws from 65,536 free places


def test_a_full_list_gives_up_with_a_message():
    with pytest.raises(status_list.StatusListError, match="the list is full"):
        status_list.draw_free_index(131_072, lambda index: True)


def test_positions_for_a_chunk_are_distinct_free_and_asked_about_in_batches():
    taken = set(range(0, 131_072, 2))
    asked = []

    def taken_among(candidates):
        asked.append(len(candidates))
        return taken.intersection(candidates)

    drawn = status_list.draw_free_indices(131_072, 300, taken_among)
    assert len(drawn) == len(set(drawn)) == 300
    assert set(drawn).isdisjoint(taken)
    assert drawn != sorted(drawn)  # in the order drawn, not sequential
    assert asked[0] == 300 and len(asked) < 20  # about half taken: a few batches, not 300


def test_a_chunk_that_does_not_fit_gives_up_with_a_message():
    with pytest.raises(status_list.StatusListError, match="the list is full"):
        status_list.draw_free_indices(131_072, 10, lambda candidates: set(candidates))
    almost_full = set(range(131_070))
    with pytest.raises(status_list.StatusListError, match=r"\d of 3 free positions"):
        status_list.draw_free_indices(131_072, 3, almost_full.intersection)


def test_status_entry_and_list_credential_shapes():
    entry = status_list.status_entry("https://registry.example/status/1.json", 42)
    assert entry == {
        "id": "https://registry.example/status/1.json#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": "https://registry.example/status/1.json",
    }
