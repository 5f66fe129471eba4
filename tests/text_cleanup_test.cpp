// Text clean-up shared by all readers: spaced letters joined, stray spaces in Japanese removed,
// width kept as written.
#include "extract/text_cleanup.h"

#include <catch2/catch.hpp>

using namespace plan;

TEST_CASE("letters the PDF spaced apart are joined", "[cleanup]") {
    CHECK(clean_text("E B P M推進事業") == "EBPM推進事業");
    CHECK(clean_text("データに基づく政策立案（E B P M）を推進する") ==
          "データに基づく政策立案（EBPM）を推進する");
    CHECK(clean_text("SDG s 推進事業") == "SDGs推進事業");
    CHECK(clean_text("かごしまSDG s 推進パートナー") == "かごしまSDGs推進パートナー");
    CHECK(clean_text("U I J ターンイベントの開催") == "UIJターンイベントの開催");
    CHECK(clean_text("I o Tの活用") == "IoTの活用");
}

TEST_CASE("stray spaces inside Japanese are removed", "[cleanup]") {
    CHECK(clean_text("保健活動従事者等 人材育成事業") == "保健活動従事者等人材育成事業");
    CHECK(clean_text("浸透拡散事業～通称 マグマシティ計画～") ==
          "浸透拡散事業～通称マグマシティ計画～");
    CHECK(clean_text("職員研修事業　（再）") == "職員研修事業（再）");
}

TEST_CASE("spaces between real ASCII words stay, one space", "[cleanup]") {
    CHECK(clean_text("“For Asians”暮らし便利アプリ開発事業") ==
          "“For Asians”暮らし便利アプリ開発事業");
    CHECK(clean_text("Society   5.0") == "Society 5.0");
    CHECK(clean_text("Society 5.0 (2021)") == "Society 5.0 (2021)");
    CHECK(clean_text("I o T 化") == "IoT化");
}

TEST_CASE("full-width and half-width are kept as written", "[cleanup]") {
    CHECK(clean_text("ＳＮＳの活用") == "ＳＮＳの活用");
    CHECK(clean_text("公衆無線LAN(Wi-Fi)の整備") == "公衆無線LAN(Wi-Fi)の整備");
    CHECK(clean_text("「愛して！！かごしま」") == "「愛して！！かごしま」");
    CHECK(clean_text("「愛して!!かごしま」") == "「愛して!!かごしま」");
}

TEST_CASE("trim removes ASCII and full-width spaces and tabs at both ends only", "[cleanup]") {
    CHECK(trim("\t　市民課 ほか \t") == "市民課 ほか");
    CHECK(trim("　　") == "");
    CHECK(clean_text("") == "");
}

TEST_CASE("titles keep the gaps between their number and the parts of the title", "[cleanup]") {
    CHECK(clean_title("基本目標 1 市民と行政が拓く 協働と連携のまち") ==
          "基本目標 1 市民と行政が拓く 協働と連携のまち");
    CHECK(clean_title("基本施策  5　誰もが個性と能力を発揮できる地域社会の形成") ==
          "基本施策 5 誰もが個性と能力を発揮できる地域社会の形成");
    CHECK(clean_title("4 ICT利活用の推進") == "4 ICT利活用の推進");
    CHECK(clean_title("(1) E B P Mの推進") == "(1) EBPMの推進");
}

TEST_CASE("wrapped lines join without a gap in Japanese and with one between ASCII words",
          "[cleanup]") {
    CHECK(join_wrapped("経費の一部助成や課題解決のための", "具体的な助言等の支援を行う。") ==
          "経費の一部助成や課題解決のための具体的な助言等の支援を行う。");
    CHECK(join_wrapped("“For", "Asians”暮らし") == "“For Asians”暮らし");
    CHECK(join_wrapped("", "政策企画課") == "政策企画課");
}
