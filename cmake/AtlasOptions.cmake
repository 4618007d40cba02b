# Compile options shared by every first-party target (not by generated code).
add_library(atlas_options INTERFACE)
add_library(atlas::options ALIAS atlas_options)
target_compile_options(atlas_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(ATLAS_WERROR)
  target_compile_options(atlas_options INTERFACE -Werror)
endif()

# Sanitizers apply to everything we compile (generated code included) so that
# instrumented and uninstrumented code never disagree about a shared object.
if(ATLAS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Fuzzing (the fuzz preset, clang): every translation unit instrumented for
# libFuzzer's coverage and checked by ASan + UBSan; tests/fuzz links the
# fuzzers with -fsanitize=fuzzer.
if(ATLAS_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

# atlas_add_test(NAME target SOURCES ... LIBS ...): a GoogleTest binary whose
# cases are discovered into ctest. LABELS go to every discovered test.
function(atlas_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} atlas::options GTest::gtest_main GTest::gmock)
  gtest_discover_tests(${T_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${T_LABELS}" TIMEOUT 120)
endfunction()

# atlas_include_root(<target> <name> <dir>)
#
# Lets <target> (and what links it) include <dir>'s files as "<name>/…"
# (e.g. "registry/domain/project.h"), through a link in the build tree: the
# source stays as docs/services.md lays it out (services/<svc>/src/<room>/),
# every include says whose file it is, and no service sees another's.
function(atlas_include_root target name dir)
  set(root "${CMAKE_BINARY_DIR}/include-roots/${name}")
  file(MAKE_DIRECTORY "${root}")
  file(CREATE_LINK "${dir}" "${root}/${name}" SYMBOLIC)
  target_include_directories(${target} PUBLIC "${root}")
endfunction()

# atlas_service(NAME <svc> MIGRATIONS <Function> SOURCES <lib sources>...
#               [UNIT_TESTS <files>...] [INTEGRATION_TESTS <files>...])
#
# One service, laid out as STYLE.md says: <svc>_lib (everything but main),
# the atlas-<svc> binary (src/main.cpp), its migrations compiled in as
# <Function>(), a unit test binary and an integration test binary.
function(atlas_service)
  cmake_parse_arguments(S "" "NAME;MIGRATIONS" "SOURCES;UNIT_TESTS;INTEGRATION_TESTS" ${ARGN})
  set(lib ${S_NAME}_lib)
  add_library(${lib} ${S_SOURCES})
  atlas_include_root(${lib} ${S_NAME} "${CMAKE_CURRENT_SOURCE_DIR}/src")
  target_link_libraries(${lib} PUBLIC atlas::core atlas::db atlas::bus atlas::rpc atlas::proto
                        PRIVATE atlas::options)
  atlas_embed_migrations(${lib} "${CMAKE_CURRENT_SOURCE_DIR}/migrations" ${S_MIGRATIONS})
  add_executable(atlas-${S_NAME} src/main.cpp)
  target_link_libraries(atlas-${S_NAME} PRIVATE ${lib} atlas::runtime atlas::options)
  install(TARGETS atlas-${S_NAME} RUNTIME DESTINATION bin)
  if(S_UNIT_TESTS)
    atlas_add_test(NAME ${S_NAME}_test SOURCES ${S_UNIT_TESTS} LIBS ${lib} atlas::testing
                   LABELS unit)
  endif()
  if(S_INTEGRATION_TESTS)
    atlas_add_test(NAME ${S_NAME}_integration_test SOURCES ${S_INTEGRATION_TESTS}
                   LIBS ${lib} atlas::testing LABELS integration)
  endif()
endfunction()
