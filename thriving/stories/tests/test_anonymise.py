"""The anonymiser on messy real shapes of phone numbers, postcodes, addresses, emails and names,
and on ordinary words it must leave alone."""

import pytest

from thriving.stories.services.anonymise import anonymise, find, leaks, marked, segments


def redacted(text: str, names: tuple[str, ...] = ()) -> str:
    return anonymise(text, names).text


@pytest.mark.parametrize("number", [
    "07700 900123", "07700900123", "077 0090 0123", "+44 (0)1246 123456", "+44 1246 123456", "+447700900123",
    "01246-123456", "01246 123 456", "(01246) 123456", "0044 7700 900123", "020 7946 0018",
])
def test_uk_phone_numbers_are_replaced(number):
    assert redacted(f"Ring me on {number} after six.") == "Ring me on [phone] after six."


@pytest.mark.parametrize("text", [
    "In 2023 we waited 12 weeks.", "It cost 1500 pounds over 2024-2025.", "Bus 101 at 10:15.",
    "A reference like 123456789 is not a phone.",
])
def test_numbers_that_are_not_phones_are_kept(text):
    assert redacted(text) == text


@pytest.mark.parametrize("postcode", ["s44 6ab", "S44 6AB", "NG20 8RX", "S446AB", "de7 8qa", "SW1A 1AA", "M1 1AE"])
def test_postcodes_in_any_case_with_or_without_the_space(postcode):
    assert redacted(f"We live near {postcode}, by the shop.") == "We live near [postcode], by the shop."


@pytest.mark.parametrize(("text", "expected"), [
    ("She lives at 12a Market Street now.", "She lives at [address] now."),
    ("Go to flat 3, 4 Portland Road, Shirebrook.", "Go to [address], Shirebrook."),
    ("It was 27 Church Lane.", "It was [address]."),
    ("We moved to 5 Hill Top Close in May.", "We moved to [address] in May."),
    ("Near 9 Station Rd by the chippy.", "Near [address] by the chippy."),
])
def test_exact_addresses(text, expected):
    assert redacted(text) == expected


def test_a_number_before_an_ordinary_road_is_not_an_address():
    text = "I walked 2 miles down the road and waited 3 days on the way home."
    assert redacted(text) == text


@pytest.mark.parametrize("email", ["karen.smith@example.com", "k.smith+food@mail.example.co.uk", "j-doe_1@x.org"])
def test_emails(email):
    assert redacted(f"Write to {email}.") == "Write to [email]."


def test_names_whole_word_any_case_and_in_possessives():
    text = "Karen helped. Then Karen's son came round; karen was kind, and Ms Smith too. Karenza stayed."
    assert redacted(text, ("Karen Smith",)) == (
        "[name] helped. Then [name]'s son came round; [name] was kind, and Ms [name] too. Karenza stayed.")


def test_the_full_name_is_one_redaction():
    result = anonymise("I told Karen Smith everything.", ["Karen Smith"])
    assert result.text == "I told [name] everything."
    assert result.redactions == [{"kind": "name", "start": 7, "end": 18, "at": 7}]


def test_names_that_are_common_words_need_a_capital_and_not_a_sentence_start():
    names = ("Will Jones", "May Green", "Frank")
    text = "I will go. Will came too. I met Will and May at the hub. May I say: frank talk helps, thanks to Frank."
    assert redacted(text, names) == (
        "I will go. Will came too. I met [name] and [name] at the hub. May I say: frank talk helps, thanks to [name].")


def test_a_name_inside_an_email_is_part_of_the_email():
    assert redacted("Mail karen.smith@example.com or Karen.", ("Karen Smith",)) == "Mail [email] or [name]."


def test_redactions_record_kind_and_offsets_in_the_story_not_the_words():
    result = anonymise("Ring 07700 900123 now", offset=100)
    assert result.redactions == [{"kind": "phone", "start": 105, "end": 117, "at": 5}]
    assert "07700" not in str(result.redactions)


def test_nothing_to_find_leaves_the_text():
    text = "The warm space at the community centre kept us going."
    assert anonymise(text, ["Karen Smith"]).text == text
    assert find(text, ["Karen Smith"]) == []


def test_leaks_finds_phone_email_postcode_but_not_placeholders_or_names():
    assert leaks("Call [phone] at [postcode], [name] said") == []
    assert leaks("Call 07700 900123 or k@example.com near S44 6AB") == ["email", "phone", "postcode"]


def test_segments_and_marked_for_the_side_by_side_review():
    result = anonymise("Karen: 07700 900123.", ["Karen"], offset=10)
    assert segments(result.text) == [("[name]", True), (": ", False), ("[phone]", True), (".", False)]
    assert marked("Karen: 07700 900123.", result.redactions, offset=10) == [
        ("Karen", "name"), (": ", ""), ("07700 900123", "phone"), (".", "")]
