// Events by type: one table from CloudEvents type to protobuf message and
// handler, so a consumer says which events it takes and gets them decoded,
// instead of matching type strings and guessing payloads.
//
//   bus::Decoder<pqxx::work> decoder;
//   decoder.On<registry::events::v1::ProjectCreated>(
//       "ma.sharaka.atlas.project.created.v1",
//       [](pqxx::work& tx, const ProjectCreated& e, const bus::Event& meta) { ... });
//   rt.AddConsumer({...}, [decoder](pqxx::work& tx, const bus::Event& e) {
//     return decoder.Dispatch(tx, e);
//   });
//
// Dispatch() runs the handler of the event's type on its decoded payload; a
// type nobody registered is OK and does nothing (a consumer takes what it
// needs from a shared subject); a payload that does not parse as the
// registered message is INVALID_ARGUMENT (the consumer sets it aside: it can
// never apply). Registration before use; Dispatch is const and thread-safe.
#ifndef ATLAS_BUS_DECODER_H_
#define ATLAS_BUS_DECODER_H_

#include <functional>
#include <map>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "atlas/bus/event.h"

namespace atlas::bus {

template <typename Context>
class Decoder {
 public:
  template <typename Message>
  using Handler = std::function<absl::Status(Context&, const Message&, const Event&)>;

  // Events of `type` are `Message`s, handled by `handler`. A type is
  // registered once (a second registration replaces the first).
  template <typename Message>
  Decoder& On(std::string type, Handler<Message> handler) {
    handlers_[std::move(type)] = [handler = std::move(handler)](Context& ctx,
                                                                const Event& e) -> absl::Status {
      Message m;
      if (!m.ParseFromString(e.payload)) {
        return absl::InvalidArgumentError("unreadable payload of " + e.type + " " + e.id);
      }
      return handler(ctx, m, e);
    };
    return *this;
  }

  // What to do with an event of a type nobody registered (default: nothing).
  Decoder& Otherwise(std::function<absl::Status(Context&, const Event&)> handler) {
    otherwise_ = std::move(handler);
    return *this;
  }

  bool Handles(const std::string& type) const { return handlers_.count(type) > 0; }

  absl::Status Dispatch(Context& ctx, const Event& e) const {
    auto it = handlers_.find(e.type);
    if (it == handlers_.end()) return otherwise_ ? otherwise_(ctx, e) : absl::OkStatus();
    return it->second(ctx, e);
  }

 private:
  std::map<std::string, std::function<absl::Status(Context&, const Event&)>> handlers_;
  std::function<absl::Status(Context&, const Event&)> otherwise_;
};

}  // namespace atlas::bus

#endif  // ATLAS_BUS_DECODER_H_
