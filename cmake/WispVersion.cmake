# Build metadata for `wisp version`, generated into one small source file so a
# new commit recompiles a single translation unit.
find_package(Git QUIET)
set(WISP_GIT_COMMIT "unknown")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    OUTPUT_VARIABLE _commit OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _rc ERROR_QUIET)
  if(_rc EQUAL 0)
    set(WISP_GIT_COMMIT "${_commit}")
  endif()
endif()
string(TIMESTAMP WISP_BUILD_DATE "%Y-%m-%dT%H:%M:%SZ" UTC)
configure_file(${PROJECT_SOURCE_DIR}/cmake/build_info.cc.in
               ${PROJECT_BINARY_DIR}/generated/build_info.cc @ONLY)
set(WISP_BUILD_INFO_SOURCE ${PROJECT_BINARY_DIR}/generated/build_info.cc)
