# atlas_proto_library(NAME <target> PROTOS <files relative to an import dir>...
#                     IMPORT_DIRS <dirs>... [GRPC <files with services>...])
#
# The one function that turns .proto files into a C++ static library. Generated
# sources land in ${CMAKE_CURRENT_BINARY_DIR}/gen and are compiled without our
# warning flags (protoc output is not ours to fix).
function(atlas_proto_library)
  cmake_parse_arguments(P "" "NAME" "PROTOS;IMPORT_DIRS;GRPC" ${ARGN})
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/gen")
  file(MAKE_DIRECTORY "${out_dir}")
  set(include_flags)
  foreach(dir IN LISTS P_IMPORT_DIRS)
    list(APPEND include_flags "-I${dir}")
  endforeach()
  get_target_property(grpc_plugin gRPC::grpc_cpp_plugin IMPORTED_LOCATION_NONE)
  if(NOT grpc_plugin)
    get_target_property(grpc_plugin gRPC::grpc_cpp_plugin LOCATION)
  endif()

  set(srcs)
  foreach(proto IN LISTS P_PROTOS)
    # Locate the file in the first import dir that has it.
    unset(abs)
    foreach(dir IN LISTS P_IMPORT_DIRS)
      if(EXISTS "${dir}/${proto}")
        set(abs "${dir}/${proto}")
        break()
      endif()
    endforeach()
    if(NOT abs)
      message(FATAL_ERROR "atlas_proto_library: ${proto} not found in ${P_IMPORT_DIRS}")
    endif()
    string(REGEX REPLACE "\\.proto$" "" stem "${proto}")
    set(outs "${out_dir}/${stem}.pb.cc" "${out_dir}/${stem}.pb.h")
    set(args --cpp_out=${out_dir})
    if(proto IN_LIST P_GRPC)
      list(APPEND outs "${out_dir}/${stem}.grpc.pb.cc" "${out_dir}/${stem}.grpc.pb.h")
      list(APPEND args --grpc_out=${out_dir} --plugin=protoc-gen-grpc=${grpc_plugin})
    endif()
    add_custom_command(
      OUTPUT ${outs}
      COMMAND protobuf::protoc ${include_flags} ${args} "${proto}"
      DEPENDS "${abs}" protobuf::protoc
      COMMENT "protoc ${proto}"
      VERBATIM)
    foreach(o IN LISTS outs)
      if(o MATCHES "\\.cc$")
        list(APPEND srcs "${o}")
      endif()
    endforeach()
  endforeach()

  # Shared: every message descriptor registers when the library loads, so the
  # gateway's generated pool holds all services although no gateway code names
  # their C++ types (a static archive would drop those objects at link time).
  add_library(${P_NAME} SHARED ${srcs})
  install(TARGETS ${P_NAME} LIBRARY DESTINATION lib)
  target_include_directories(${P_NAME} SYSTEM PUBLIC "${out_dir}")
  target_link_libraries(${P_NAME} PUBLIC protobuf::libprotobuf gRPC::grpc++)
endfunction()
