// The theme taxonomy in PostgreSQL (tables themes, theme_generation), and
// this process's copy of it (domain Themes()), kept current.
#ifndef ATLAS_REGISTRY_STORE_PG_THEMES_H_
#define ATLAS_REGISTRY_STORE_PG_THEMES_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/periodic.h"
#include "registry/domain/dialogue_ports.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgThemes final : public ThemeStore {
 public:
  explicit PgThemes(db::Pool& pool) : pool_(pool) {}
  PgThemes(const PgThemes&) = delete;
  PgThemes& operator=(const PgThemes&) = delete;

  // Seeds an empty taxonomy with DefaultThemes(), loads it into Themes(), then
  // watches theme_generation every `interval` and reloads when another
  // replica changed it.
  absl::Status Start(std::chrono::milliseconds interval = std::chrono::seconds(2));
  absl::Status Refresh() override { return Reload(); }

  absl::StatusOr<std::vector<v1::Theme>> List() override;
  absl::StatusOr<v1::Theme> Insert(const v1::Theme& theme, const std::string& actor) override;
  absl::StatusOr<v1::Theme> Modify(
      const std::string& code, const std::string& actor,
      const std::function<absl::StatusOr<v1::Theme>(const v1::Theme& current)>& change) override;
  absl::Status Remove(
      const std::string& code, const std::string& actor,
      const std::function<absl::Status(const v1::Theme& current, int64_t themes)>& check) override;

 private:
  absl::Status Reload();

  db::Pool& pool_;
  int64_t generation_ = -1;  // loaded; only Reload() touches it, under reload_mu_
  std::mutex reload_mu_;
  bool failing_ = false;  // the watcher's last reload failed (logged once)
  std::unique_ptr<core::Periodic> watcher_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_THEMES_H_
