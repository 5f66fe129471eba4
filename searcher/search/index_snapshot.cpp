#include "index_snapshot.h"

namespace plan {

std::shared_ptr<IndexSnapshot> IndexSnapshot::of(const std::string& key) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::weak_ptr<IndexSnapshot>> registry;
    std::lock_guard lock(registry_mutex);
    std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
    if (auto existing = registry[key].lock()) return existing;
    auto made = std::make_shared<IndexSnapshot>();
    registry[key] = made;
    return made;
}

std::shared_ptr<const FacetOrdinals> IndexSnapshot::facet_ordinals(
    const Xapian::Database& db, const std::vector<FacetDefinition>& defs) {
    std::lock_guard lock(mutex_);
    if (!ordinals_) ordinals_ = std::make_shared<const FacetOrdinals>(db, defs);
    return ordinals_;
}

std::shared_ptr<const MainEntries> IndexSnapshot::main_entries(const Xapian::Database& db) {
    std::lock_guard lock(mutex_);
    if (!main_entries_) main_entries_ = std::make_shared<const MainEntries>(db);
    return main_entries_;
}

const std::vector<IndexSnapshot::FilterValue>& IndexSnapshot::filter_values(
    const Xapian::Database& db, const std::string& prefix,
    const std::function<std::string(const std::string&)>& normalize) {
    std::lock_guard lock(mutex_);
    if (auto it = filter_values_.find(prefix); it != filter_values_.end()) return it->second;
    // Listed in full before it is shared: a read that fails half-way leaves nothing behind.
    std::vector<FilterValue> values;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
        values.push_back({*t, normalize((*t).substr(prefix.size()))});
    return filter_values_.emplace(prefix, std::move(values)).first->second;
}

}  // namespace plan
