#include "generations.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "errors.h"
#include "index_metadata.h"

namespace plan {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kBuildingPrefix = "building-";

fs::path generations_dir(const fs::path& index_dir) {
    return index_dir.parent_path() / (index_dir.filename().string() + ".generations");
}

// A failed file operation on the index: an I/O error of the index (exit 4), not bad input.
void check_io(const std::error_code& ec, const fs::path& where, const std::string& what) {
    if (ec) throw IndexIoError(where.string(), what + ": " + ec.message());
}

// Point index_dir at generation by replacing the symlink with rename(2), which is atomic.
void switch_to(const fs::path& index_dir, const fs::path& generation) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(index_dir)) &&
        !fs::is_symlink(fs::symlink_status(index_dir))) {
        // An index from before generations existed: move it aside, it becomes a generation.
        fs::rename(index_dir, generations_dir(index_dir) / "legacy", ec);
        check_io(ec, index_dir, "cannot move the old index aside");
    }
    const fs::path tmp_link = index_dir.parent_path() / (index_dir.filename().string() + ".switch");
    fs::remove(tmp_link, ec);
    fs::create_directory_symlink(fs::relative(generation, index_dir.parent_path()), tmp_link, ec);
    check_io(ec, tmp_link, "cannot link the new generation");
    fs::rename(tmp_link, index_dir, ec);  // atomic replacement of the symlink
    check_io(ec, index_dir, "cannot switch to the new generation");
}

// An unfinished build of a process that is still running (its pid is in the name).
bool build_in_progress(const fs::path& p) {
    const std::string name = p.filename().string();
    if (!name.starts_with(kBuildingPrefix)) return false;
    std::string pid = name.substr(kBuildingPrefix.size());
    pid = pid.substr(0, pid.find('-'));
    return !pid.empty() && ::kill(std::atoi(pid.c_str()), 0) == 0;
}

// Remove every generation but current and previous, and unfinished builds of processes gone.
void prune_generations(const fs::path& index_dir, const fs::path& current,
                       const fs::path& previous) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(generations_dir(index_dir), ec)) {
        const fs::path p = entry.path();
        if (p == current || p == previous || build_in_progress(p)) continue;
        fs::remove_all(p, ec);
    }
}

// The build writes without fsync (DB_NO_SYNC: nobody reads it yet); one syncfs before the switch
// makes it durable at once, which is much cheaper than a sync per commit.
void sync_folder(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;
    ::syncfs(fd);
    ::close(fd);
}

}  // namespace

NewGeneration::NewGeneration(const fs::path& index_dir)
    : index_dir_(fs::absolute(index_dir).lexically_normal()) {
    fs::create_directories(generations_dir(index_dir_));
    const std::string name = std::to_string(::getpid()) + "-" + now_ms();
    building_ = generations_dir(index_dir_) / (std::string(kBuildingPrefix) + name);
    generation_ = generations_dir(index_dir_) / ("gen-" + name);
    if (fs::is_symlink(index_dir_)) previous_ = fs::canonical(index_dir_);
}

fs::path NewGeneration::scratch() const {
    return building_.parent_path() / (building_.filename().string() + "-parts");
}

void NewGeneration::publish() {
    sync_folder(building_);
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    fs::rename(building_, generation_, ec);
    check_io(ec, generation_, "cannot publish the new generation");
    switch_to(index_dir_, generation_);
    prune_generations(index_dir_, generation_, previous_);
}

void NewGeneration::discard() noexcept {
    std::error_code ec;
    fs::remove_all(building_, ec);
    fs::remove_all(scratch(), ec);
}

}  // namespace plan
