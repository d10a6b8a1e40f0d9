// Parser: parse_pair_line, parse_integer, quote_for_message.
// Expected values are hand-written constants.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "gcd_mpi/core/parse.hpp"

namespace {

using gcd_mpi::LineKind;
using gcd_mpi::parse_integer;
using gcd_mpi::parse_pair_line;
using gcd_mpi::ParsedLine;
using gcd_mpi::quote_for_message;
using gcd_mpi::SignedValue;

constexpr std::uint64_t u64_max = 18446744073709551615ULL;

SignedValue pos(std::uint64_t m) { return SignedValue{m, false}; }
SignedValue neg(std::uint64_t m) { return SignedValue{m, true}; }

// Checks that `line` parses to the pair (a, b).
void expect_pair(std::string_view line, SignedValue a, SignedValue b) {
    SCOPED_TRACE(quote_for_message(line));
    const ParsedLine parsed = parse_pair_line(line);
    ASSERT_EQ(parsed.kind, LineKind::pair) << "error: " << parsed.error;
    EXPECT_EQ(parsed.a, a);
    EXPECT_EQ(parsed.b, b);
    EXPECT_TRUE(parsed.error.empty());
}

void expect_skip(std::string_view line) {
    SCOPED_TRACE(quote_for_message(line));
    const ParsedLine parsed = parse_pair_line(line);
    EXPECT_EQ(parsed.kind, LineKind::skip) << "error: " << parsed.error;
}

// Checks that `line` is rejected with a message containing `mentions`.
void expect_error(std::string_view line, std::string_view mentions) {
    SCOPED_TRACE(quote_for_message(line));
    const ParsedLine parsed = parse_pair_line(line);
    ASSERT_EQ(parsed.kind, LineKind::error);
    EXPECT_FALSE(parsed.error.empty());
    EXPECT_NE(parsed.error.find(mentions), std::string::npos)
        << "message " << parsed.error << " does not mention " << mentions;
}

// ---- accepted forms --------------------------------------------------------

TEST(ParsePairLine, AcceptsTwoValuesSeparatedBySpace) { expect_pair("12 18", pos(12), pos(18)); }

TEST(ParsePairLine, AcceptsSeveralSpacesAndTabs) {
    expect_pair("12   18", pos(12), pos(18));
    expect_pair("12\t18", pos(12), pos(18));
    expect_pair("12 \t \t18", pos(12), pos(18));
}

TEST(ParsePairLine, AcceptsOneCommaWithOrWithoutSpaces) {
    expect_pair("12,18", pos(12), pos(18));
    expect_pair("12, 18", pos(12), pos(18));
    expect_pair("12 ,18", pos(12), pos(18));
    expect_pair("12 \t, \t18", pos(12), pos(18));
}

TEST(ParsePairLine, AcceptsPythonTuple) {
    expect_pair("(12, 18)", pos(12), pos(18));
    expect_pair("( 12 , 18 )", pos(12), pos(18));
    expect_pair("(12 18)", pos(12), pos(18));
}

TEST(ParsePairLine, AcceptsPythonTupleWithTrailingComma) {
    expect_pair("(12, 18),", pos(12), pos(18));
    expect_pair("  (12, 18) ,  ", pos(12), pos(18));
}

TEST(ParsePairLine, AcceptsOneTrailingComma) {
    expect_pair("12 18,", pos(12), pos(18));
    expect_pair("12, 18,", pos(12), pos(18));
}

TEST(ParsePairLine, AcceptsLeadingAndTrailingWhitespace) {
    expect_pair("   12 18", pos(12), pos(18));
    expect_pair("12 18   ", pos(12), pos(18));
    expect_pair("\t 12 18 \t", pos(12), pos(18));
}

TEST(ParsePairLine, IgnoresCarriageReturnAtEnd) {
    expect_pair("12 18\r", pos(12), pos(18));
    expect_pair("(12, 18),\r", pos(12), pos(18));
    expect_pair("12 18 # note\r", pos(12), pos(18));
}

TEST(ParsePairLine, SkipsBlankAndWhitespaceOnlyLines) {
    expect_skip("");
    expect_skip("   ");
    expect_skip("\t\t");
    expect_skip("\r");
    expect_skip(" \t \r");
}

TEST(ParsePairLine, SkipsWholeLineComments) {
    expect_skip("#");
    expect_skip("# a comment");
    expect_skip("   # indented comment");
    expect_skip("#12 18");
    expect_skip("# comment with garbage ,,, ((( 0x10\r");
}

TEST(ParsePairLine, IgnoresTrailingComment) {
    expect_pair("12 18 # the classic", pos(12), pos(18));
    expect_pair("12 18#no space", pos(12), pos(18));
    expect_pair("(12, 18), # tuple", pos(12), pos(18));
}

TEST(ParsePairLine, AcceptsSigns) {
    expect_pair("-12 18", neg(12), pos(18));
    expect_pair("12 -18", pos(12), neg(18));
    expect_pair("+12 +18", pos(12), pos(18));
    expect_pair("-12, -18", neg(12), neg(18));
}

TEST(ParsePairLine, AcceptsLeadingZeros) {
    expect_pair("007 0012", pos(7), pos(12));
    expect_pair("-007 +000", neg(7), pos(0));
}

TEST(ParsePairLine, MinusZeroIsNonNegativeZero) {
    expect_pair("-0 5", pos(0), pos(5));
    expect_pair("5 -000", pos(5), pos(0));
}

TEST(ParsePairLine, AcceptsLargestMagnitudeWithEitherSign) {
    expect_pair("18446744073709551615 18446744073709551615", pos(u64_max), pos(u64_max));
    expect_pair("-18446744073709551615 1", neg(u64_max), pos(1));
    expect_pair("000018446744073709551615 0", pos(u64_max), pos(0));
}

TEST(ParsePairLine, AcceptsZeros) { expect_pair("0 0", pos(0), pos(0)); }

// ---- malformed lines -------------------------------------------------------

TEST(ParsePairLine, RejectsNonNumber) {
    expect_error("12 abc", "abc");
    expect_error("abc 12", "abc");
    expect_error("twelve eighteen", "twelve");
}

TEST(ParsePairLine, RejectsOneValue) {
    expect_error("12", "12");
    expect_error("(12)", "12");
    expect_error("12,", "12");
}

TEST(ParsePairLine, RejectsThreeValues) {
    expect_error("1 2 3", "1 2 3");
    expect_error("1, 2, 3", "1, 2, 3");
    expect_error("(1, 2, 3)", "(1, 2, 3)");
}

TEST(ParsePairLine, RejectsValueJustOver64Bits) {
    expect_error("18446744073709551616 1", "18446744073709551616");
    expect_error("1 -18446744073709551616", "18446744073709551616");
    expect_error("1 18446744073709551620", "18446744073709551620");
}

TEST(ParsePairLine, RejectsThirtyDigitValue) {
    expect_error("123456789012345678901234567890 5", "123456789012345678901234567890");
}

TEST(ParsePairLine, RejectsStraySign) {
    expect_error("- 5", "-");
    expect_error("5 +", "+");
    expect_error("- 5 6", "- 5 6");  // three tokens
    expect_error("+", "+");
    expect_error("+-5 6", "+-5");
    expect_error("--5 6", "--5");
}

TEST(ParsePairLine, RejectsTwoCommas) {
    expect_error("12,,18", "12,,18");
    expect_error("12, ,18", "12, ,18");
    expect_error("12 , , 18", "12 , , 18");
    expect_error("12 18,,", "12 18,,");
}

TEST(ParsePairLine, RejectsLeadingComma) {
    expect_error(",12 18", ",12 18");
    expect_error(", 12, 18", ", 12, 18");
    expect_error("(,12, 18)", "(,12, 18)");
}

TEST(ParsePairLine, RejectsUnbalancedParentheses) {
    expect_error("(12, 18", "(12, 18");
    expect_error("12, 18)", "12, 18)");
    expect_error("(12, 18),,", "(12, 18)");
    expect_error("((12, 18)", "((12, 18)");
    expect_error("12 (18)", "12 (18)");
}

TEST(ParsePairLine, RejectsHex) { expect_error("0x10 5", "0x10"); }

TEST(ParsePairLine, RejectsExponent) { expect_error("1e5 5", "1e5"); }

TEST(ParsePairLine, RejectsDecimalPoint) { expect_error("1.5 5", "1.5"); }

TEST(ParsePairLine, RejectsOtherSeparators) {
    expect_error("12;18", "12;18");
    expect_error("12/18", "12/18");
    expect_error("12-18", "12-18");  // no separator: one token, not "12" and "-18"
    expect_error("12+18", "12+18");
}

TEST(ParsePairLine, RejectsNulByteInsideValueAndQuotesItVisibly) {
    const std::string line("12\0 18", 6);
    expect_error(line, "\\x00");
    const std::string inside(
        "1\0"
        "2 18",
        6);
    expect_error(inside, "\\x00");
}

TEST(ParsePairLine, RejectsBinaryGarbageAndEscapesIt) {
    const std::string garbage("\x01\x02\xff\xfe 18", 7);
    const ParsedLine parsed = parse_pair_line(garbage);
    ASSERT_EQ(parsed.kind, LineKind::error);
    EXPECT_NE(parsed.error.find("\\x01\\x02\\xFF\\xFE"), std::string::npos) << parsed.error;
    // No raw control or high bytes leak into the message.
    for (char c : parsed.error) {
        const auto u = static_cast<unsigned char>(c);
        EXPECT_TRUE(u >= 0x20 && u < 0x7f) << "raw byte " << static_cast<int>(u);
    }
}

TEST(ParsePairLine, VeryLongLineGivesShortMessage) {
    const std::string long_line = "1 " + std::string(10'000'000, '7');
    const ParsedLine parsed = parse_pair_line(long_line);
    ASSERT_EQ(parsed.kind, LineKind::error);
    EXPECT_LT(parsed.error.size(), 400U) << parsed.error.substr(0, 400);
    EXPECT_NE(parsed.error.find("1 777"), std::string::npos) << parsed.error;
    EXPECT_NE(parsed.error.find("..."), std::string::npos) << parsed.error;
}

TEST(ParsePairLine, VeryLongGarbageLineGivesShortMessage) {
    const std::string long_line(1'000'000, 'x');
    const ParsedLine parsed = parse_pair_line(long_line);
    ASSERT_EQ(parsed.kind, LineKind::error);
    EXPECT_LT(parsed.error.size(), 400U);
    EXPECT_NE(parsed.error.find("xxxx"), std::string::npos);
}

// ---- many values: the parser against std::to_string ---------------------

__extension__ typedef unsigned __int128 u128;

std::string decimal(u128 v) {
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    } while (v != 0);
    return digits;
}

TEST(ParsePairLine, RoundTripsRandomValuesInManyLayouts) {
    const char* separators[] = {" ", "\t", ",", ", ", " ,", " , ", "\t,\t", "   "};
    const char* edges[] = {"", " ", "\t", "  \t "};
    std::mt19937_64 rng(12345);
    for (int i = 0; i < 20000; ++i) {
        SignedValue v[2];
        std::string text[2];
        for (int j = 0; j < 2; ++j) {
            const std::uint64_t m = rng() >> (rng() % 64);  // every digit count from 1 to 20
            const int sign = static_cast<int>(rng() % 3);   // none, '+', '-'
            const auto zeros = static_cast<std::size_t>(rng() % 4 == 0 ? rng() % 25 : 0);
            v[j] = SignedValue{m, sign == 2 && m != 0};
            std::string& t = text[j];
            if (sign == 1) t += '+';
            if (sign == 2) t += '-';
            t.append(zeros, '0');
            t += std::to_string(m);
        }
        const std::string line = std::string(edges[rng() % 4]) + text[0] + separators[rng() % 8] + text[1] +
                                 edges[rng() % 4] + (rng() % 4 == 0 ? "\r" : "");
        const ParsedLine parsed = parse_pair_line(line);
        ASSERT_EQ(parsed.kind, LineKind::pair) << quote_for_message(line) << ": " << parsed.error;
        ASSERT_EQ(parsed.a, v[0]) << quote_for_message(line);
        ASSERT_EQ(parsed.b, v[1]) << quote_for_message(line);
    }
}

TEST(ParsePairLine, BoundaryAroundTwoToThe64) {
    const u128 two64 = u128{1} << 64;
    for (u128 k = 1; k <= 3000; ++k) {
        const std::string fits = decimal(two64 - k);
        const std::string over = decimal(two64 + k - 1);
        const ParsedLine ok = parse_pair_line(fits + " " + fits);
        ASSERT_EQ(ok.kind, LineKind::pair) << fits << ": " << ok.error;
        ASSERT_EQ(ok.a.magnitude, static_cast<std::uint64_t>(two64 - k));
        ASSERT_EQ(ok.b.magnitude, static_cast<std::uint64_t>(two64 - k));
        const ParsedLine bad_a = parse_pair_line(over + " 1");
        ASSERT_EQ(bad_a.kind, LineKind::error) << over;
        ASSERT_NE(bad_a.error.find(over), std::string::npos) << bad_a.error;
        const ParsedLine bad_b = parse_pair_line("1," + over);
        ASSERT_EQ(bad_b.kind, LineKind::error) << over;
    }
}

TEST(ParsePairLine, RejectsEveryTwentyDigitValueAboveTheMaximum) {
    // Largest 20-digit numbers, and ones just over 2^64 in each digit position.
    for (const char* token : {"99999999999999999999", "20000000000000000000", "18446744073709551616",
                              "18446744073709551700", "18446744073709600000", "18446744080000000000",
                              "18446745000000000000", "18500000000000000000", "19000000000000000000"}) {
        const ParsedLine parsed = parse_pair_line(std::string(token) + " 1");
        EXPECT_EQ(parsed.kind, LineKind::error) << token;
        EXPECT_NE(parsed.error.find(token), std::string::npos) << parsed.error;
    }
}

TEST(ParsePairLine, AllZeroDigitsOfAnyLength) {
    for (std::size_t n = 1; n <= 30; ++n) {
        const std::string zeros(n, '0');
        expect_pair(zeros + " -" + zeros, pos(0), pos(0));
    }
}

// ---- parse_integer ---------------------------------------------------------

TEST(ParseInteger, ParsesPlainSignedAndZeroPadded) {
    std::string why;
    EXPECT_EQ(parse_integer("0", why), pos(0));
    EXPECT_EQ(parse_integer("42", why), pos(42));
    EXPECT_EQ(parse_integer("+42", why), pos(42));
    EXPECT_EQ(parse_integer("-42", why), neg(42));
    EXPECT_EQ(parse_integer("007", why), pos(7));
    EXPECT_EQ(parse_integer("-007", why), neg(7));
    EXPECT_EQ(parse_integer("4294967297", why), pos(4294967297ULL));
    EXPECT_TRUE(why.empty()) << why;
}

TEST(ParseInteger, MinusZeroIsZeroAndNotNegative) {
    std::string why;
    const auto v = parse_integer("-0", why);
    ASSERT_TRUE(v.has_value()) << why;
    EXPECT_EQ(v->magnitude, 0U);
    EXPECT_FALSE(v->negative);
    const auto padded = parse_integer("-0000", why);
    ASSERT_TRUE(padded.has_value()) << why;
    EXPECT_FALSE(padded->negative);
}

TEST(ParseInteger, AcceptsExactly64BitMaximum) {
    std::string why;
    EXPECT_EQ(parse_integer("18446744073709551615", why), pos(u64_max));
    EXPECT_EQ(parse_integer("-18446744073709551615", why), neg(u64_max));
    EXPECT_EQ(parse_integer("18446744073709551609", why), pos(u64_max - 6));
}

TEST(ParseInteger, RejectsEveryValueJustAbove64Bits) {
    for (const char* token :
         {"18446744073709551616", "18446744073709551619", "18446744073709551620", "18446744073709551700",
          "18446744073709552615", "99999999999999999999", "184467440737095516150", "123456789012345678901234567890"}) {
        std::string why;
        EXPECT_FALSE(parse_integer(token, why).has_value()) << token;
        EXPECT_NE(why.find(token), std::string::npos) << why;
        EXPECT_NE(why.find("64 bits"), std::string::npos) << why;
    }
}

TEST(ParseInteger, RejectsEmptyAndStraySigns) {
    for (const char* token : {"", "+", "-"}) {
        std::string why;
        EXPECT_FALSE(parse_integer(token, why).has_value()) << '"' << token << '"';
        EXPECT_FALSE(why.empty());
    }
    std::string why;
    ASSERT_FALSE(parse_integer("-", why).has_value());
    EXPECT_NE(why.find("\"-\""), std::string::npos) << why;
}

TEST(ParseInteger, RejectsNonDigitsAndNamesToken) {
    for (const char* token : {"abc", "12a", "0x10", "1e5", "1.5", "--5", "+-5", "5-", " 5", "5 "}) {
        std::string why;
        EXPECT_FALSE(parse_integer(token, why).has_value()) << '"' << token << '"';
        EXPECT_NE(why.find(quote_for_message(token)), std::string::npos) << why;
    }
}

// ---- quote_for_message -----------------------------------------------------

TEST(QuoteForMessage, QuotesPlainText) {
    EXPECT_EQ(quote_for_message("12 abc"), "\"12 abc\"");
    EXPECT_EQ(quote_for_message(""), "\"\"");
}

TEST(QuoteForMessage, EscapesQuoteAndBackslash) {
    EXPECT_EQ(quote_for_message("a\"b"), "\"a\\\"b\"");
    EXPECT_EQ(quote_for_message("a\\b"), "\"a\\\\b\"");
}

TEST(QuoteForMessage, EscapesNonPrintableBytesAsHex) {
    EXPECT_EQ(quote_for_message(std::string_view("\0", 1)), "\"\\x00\"");
    EXPECT_EQ(quote_for_message("\t\r\n"), "\"\\x09\\x0D\\x0A\"");
    EXPECT_EQ(quote_for_message("\x7f\x80\xff"), "\"\\x7F\\x80\\xFF\"");
}

TEST(QuoteForMessage, TruncatesAfterMaxCharsWithEllipsis) {
    EXPECT_EQ(quote_for_message("abcdef", 3), "\"abc...\"");
    EXPECT_EQ(quote_for_message(std::string(10'000'000, 'z'), 5), "\"zzzzz...\"");
}

TEST(QuoteForMessage, DoesNotTruncateTextOfExactlyMaxChars) {
    EXPECT_EQ(quote_for_message("abc", 3), "\"abc\"");
    EXPECT_EQ(quote_for_message("ab", 3), "\"ab\"");
}

TEST(QuoteForMessage, DefaultLimitKeepsHugeInputShort) {
    const std::string quoted = quote_for_message(std::string(10'000'000, '\x01'));
    // At most 60 shown bytes, each at most 4 characters as \xNN, plus quotes and "...".
    EXPECT_LE(quoted.size(), 60U * 4U + 5U);
    EXPECT_EQ(quoted.substr(quoted.size() - 4), "...\"");
}

}  // namespace
