// The dialogue on projects.
#include "registry/domain/dialogue_service.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/core/ids.h"
#include "atlas/core/paging.h"
#include "atlas/core/texts.h"
#include "google/protobuf/util/time_util.h"
#include "registry/domain/registry_texts.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {

absl::StatusOr<v1::Comment> DialogueService::CreateComment(const std::string& parent, v1::Comment c,
                                                           const Actor& actor) {
  std::vector<core::FieldViolation> v;
  if (c.text().find_first_not_of(" \t\r\n") == std::string::npos) {
    v.push_back(core::Violation("comment.text", core::texts::kRequired));
  } else if (auto len = Utf8Length(c.text()); !len || *len > kMaxTextChars) {
    v.push_back(core::Violation("comment.text", core::texts::kTooLong,
                                {std::to_string(kMaxTextChars), std::to_string(len.value_or(0))}));
  }
  if (!c.field().empty() && !IsUpdatablePath(c.field())) {
    v.push_back(core::Violation(
        "comment.field", core::texts::kCannotChange,
        {absl::CHexEscape(c.field().substr(0, 60)), absl::StrJoin(ContentFields(), ", ")}));
  }
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<Project> p = projects_.WorkingCopy(parent, "parent", actor);
  if (!p.ok()) return p.status();
  std::string thread_id;
  if (!c.thread().empty()) {
    // A reply: to a thread of this project.
    const std::string prefix = "projects/" + p->id + "/comments/";
    absl::StatusOr<std::vector<v1::Comment>> all = store_.Comments(p->id);
    if (!all.ok()) return all.status();
    const auto it = std::find_if(all->begin(), all->end(), [&](const v1::Comment& x) {
      return x.name() == c.thread() && x.thread().empty();
    });
    if (it == all->end()) {
      return core::InvalidFields({core::Violation("comment.thread", kNoSuchThread, {prefix})});
    }
    thread_id = c.thread().substr(prefix.size());
    c.set_field(it->field());
  }
  std::vector<std::string> mentions = Mentions(c.text());
  if (mentions.size() > 20) mentions.resize(20);
  // The dialogue is the project's organisation's and the ministry's: no one
  // else may be called into it (nor spammed through it).
  for (const auto& m : mentions) {
    const std::optional<std::string> org = core::IdOf(m, "organisations/");
    if (org && *org != p->organisation && *org != "ministry") {
      return core::InvalidFields({core::Violation("comment.text", kMentionOutside, {m})});
    }
  }
  c.clear_mentions();
  for (const auto& m : mentions) c.add_mentions(m);
  c.set_author(actor.subject);
  c.set_author_name(actor.name);
  c.set_author_organisation(
      actor.viewer.organisation.empty() ? "" : "organisations/" + actor.viewer.organisation);
  c.set_resolved(false);
  return store_.AddComment(p->id, thread_id, c);
}

absl::StatusOr<std::vector<v1::Comment>> DialogueService::Comments(const std::string& parent,
                                                                   const std::string& field,
                                                                   bool unresolved_only,
                                                                   const Actor& actor) {
  absl::StatusOr<Project> p = projects_.WorkingCopy(parent, "parent", actor);
  if (!p.ok()) return p.status();
  absl::StatusOr<std::vector<v1::Comment>> all = store_.Comments(p->id);
  if (!all.ok()) return all.status();
  absl::StatusOr<int64_t> mark = store_.ReadMark(p->id, actor.subject);
  if (!mark.ok()) return mark.status();
  for (auto& c : *all) {
    c.set_unread(google::protobuf::util::TimeUtil::TimestampToMicroseconds(c.create_time()) >
                     *mark &&
                 c.author() != actor.subject);
  }
  // Threads in order, each followed by its replies.
  std::vector<v1::Comment> out;
  for (const auto& t : *all) {
    if (!t.thread().empty()) continue;
    if (!field.empty() && t.field() != field) continue;
    if (unresolved_only && t.resolved()) continue;
    out.push_back(t);
    for (const auto& r : *all) {
      if (r.thread() == t.name()) out.push_back(r);
    }
  }
  return out;
}

absl::Status DialogueService::MarkCommentsRead(const std::string& parent, const Actor& actor) {
  absl::StatusOr<Project> p = projects_.WorkingCopy(parent, "parent", actor);
  if (!p.ok()) return p.status();
  return store_.SetReadMark(p->id, actor.subject);
}

absl::StatusOr<v1::Comment> DialogueService::ResolveComment(const std::string& name, bool resolved,
                                                            const Actor& actor) {
  // projects/{uuid}/comments/{uuid}
  const size_t cut = name.find("/comments/");
  if (cut == std::string::npos || !core::IsCanonicalUuid(name.substr(cut + 10))) {
    return core::InvalidFields({core::Violation("name", kBadCommentName)});
  }
  absl::StatusOr<Project> p = projects_.WorkingCopy(name.substr(0, cut), "name", actor);
  if (!p.ok()) return p.status();
  absl::StatusOr<v1::Comment> c = store_.SetResolved(p->id, name.substr(cut + 10), resolved);
  if (c.status().code() == absl::StatusCode::kNotFound) {
    return core::InvalidFields({core::Violation("name", kNoSuchThread, {name})});
  }
  return c;
}

}  // namespace atlas::registry
