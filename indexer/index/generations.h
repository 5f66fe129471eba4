/** @file generations.h
 *  @brief Generations of an index folder: `<index>` is a symlink to
 *  `<index>.generations/gen-<pid>-<ms>`. A build writes `building-<pid>-<ms>` beside the served
 *  generation and switches it in with one rename(2), so a failed or killed build never harms the
 *  index in use and readers never see a half-built one.
 *
 *  In: the index path. Out: a folder to write the new generation into; publish() makes it the
 *  served index and removes older generations, keeping the previous one (readers may still hold it
 *  open) and the unfinished builds of processes still running.
 */
#pragma once

#include <filesystem>

namespace plan {

class NewGeneration {
  public:
    /// Creates <index>.generations if needed and names the new generation; writes nothing else.
    explicit NewGeneration(const std::filesystem::path& index_dir);

    /// The folder the build writes: <index>.generations/building-<pid>-<ms>.
    const std::filesystem::path& folder() const { return building_; }
    /// Room for the build's intermediate databases, beside the folder (building-<pid>-<ms>-parts:
    /// pruned like an unfinished build once its process is gone).
    std::filesystem::path scratch() const;

    /// Make the folder durable (one syncfs), rename it to gen-<pid>-<ms>, point <index> at it
    /// atomically and prune the generations no longer needed. An index folder from before
    /// generations existed is moved aside as the generation "legacy".
    void publish();

    /// Remove the unfinished folder and the scratch folder (the build failed).
    void discard() noexcept;

  private:
    std::filesystem::path index_dir_, building_, generation_, previous_;
};

}  // namespace plan
