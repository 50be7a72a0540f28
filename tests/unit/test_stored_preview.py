"""The conversation keeps a preview capped in UTF-8 bytes, so a long multi-byte message does not
push the item past 1 KB (another write unit on every write of it)."""

from switchboard.store.conversations import PREVIEW_BYTES, stored_preview


def test_a_long_vietnamese_preview_is_cut_to_the_byte_budget_on_a_character_boundary():
    # Given 80 characters of Vietnamese, about 100 bytes of UTF-8
    text = "Chào shop, mình đặt đơn hàng hôm qua nhưng chưa thấy cập nhật trạng thái giao hàng"

    # When it is stored as the preview
    preview = stored_preview(text)

    # Then it fits the budget, is a prefix of the text, and no character was split
    assert len(preview.encode()) <= PREVIEW_BYTES
    assert text.startswith(preview)
    assert len(preview.encode()) > PREVIEW_BYTES - 4


def test_a_short_preview_is_kept_whole():
    assert stored_preview("Are you there?") == "Are you there?"
    assert stored_preview(None) is None
