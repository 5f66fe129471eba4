// The Xapian linked into plan-search prunes a match without losing the best document: the
// smallest case of Xapian 1.4.22's AND_MAYBE decay bug (patches/xapian-core/0001-*.patch) gives
// docid 4, weight 4 whether Xapian may skip documents (check_at_least 0) or visits all (4).
// Built with -DPLAN_XAPIAN_PREFIX=system (Debian's stock library) it checks the opposite: the bug
// shows and xapian_pruning_is_exact() says so, which keeps the searcher visiting every match.
#include "xapian_pruning.h"

#include <catch2/catch.hpp>

#ifndef PLAN_XAPIAN_PATCHED
#error "PLAN_XAPIAN_PATCHED comes from tests/CMakeLists.txt (cmake/xapian.cmake)"
#endif

TEST_CASE("xapian pruning: the AND_MAYBE decay case returns the best document pruned or not",
          "[xapian]") {
    for (Xapian::doccount check_at_least : {0u, 4u}) {
        INFO("check_at_least " << check_at_least << ", " << Xapian::version_string());
        const plan::XapianProbeTop top = plan::xapian_pruning_probe(check_at_least);
        if (PLAN_XAPIAN_PATCHED || check_at_least == 4) {
            CHECK(top.docid == 4);
            CHECK(top.weight == 4.0);  // TfIdfWeight("bnn"): every weight is a sum of factors
        } else {
            CHECK(top.docid == 1);  // the stock library skips docid 4 when it prunes
            CHECK(top.weight == 3.0);
        }
    }
    CHECK(plan::xapian_pruning_is_exact() == bool(PLAN_XAPIAN_PATCHED));
}
