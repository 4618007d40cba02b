// One-line, human-readable summaries of events for the inbox.
#ifndef ATLAS_NOTIFY_DOMAIN_SUMMARY_H_
#define ATLAS_NOTIFY_DOMAIN_SUMMARY_H_

#include <string>
#include <string_view>

namespace atlas::notify {

// `type` is a CloudEvents type such as "ma.sharaka.atlas.project.created.v1";
// `label` names the resource for people (a title), or is empty.
std::string Summarize(std::string_view type, std::string_view subject, std::string_view label);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_SUMMARY_H_
