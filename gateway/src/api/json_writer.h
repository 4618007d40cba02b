// A fast proto3 JSON writer (the canonical mapping, default values included).
//
// protobuf 3.21's MessageToJsonString converts through a type resolver and
// costs ~1 ms for a page of 50 projects; this writer walks the message with
// reflection once. Output is the same JSON value as protobuf's printer with
// always_print_primitive_fields (tested against it); messages holding
// google.protobuf.Any, Struct, Value or ListValue are handed to protobuf.
#ifndef ATLAS_GATEWAY_API_JSON_WRITER_H_
#define ATLAS_GATEWAY_API_JSON_WRITER_H_

#include <string>

namespace google::protobuf {
class Message;
}

namespace atlas::gateway {

// Appends the proto3 JSON of `msg` to `out`.
void WriteJson(const google::protobuf::Message& msg, std::string& out);

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_API_JSON_WRITER_H_
