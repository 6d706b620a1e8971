# Third-party dependencies, all from Debian packages.
#
# Each dependency becomes an INTERFACE target `wisp_dep_<name>` that carries
# include directories and compile definitions. How it links depends on
# WISP_STATIC:
#   OFF: the shared libraries (fast links, sanitizer friendly).
#   ON:  every dependency's static archive, in the order `pkg-config --static`
#        gives, wrapped in -Wl,-Bstatic so only glibc stays dynamic.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

set(WISP_ALL_PKGS "")

function(wisp_dependency name)
  set(pkgs ${ARGN})
  pkg_check_modules(WISP_PC_${name} REQUIRED IMPORTED_TARGET ${pkgs})
  add_library(wisp_dep_${name} INTERFACE)
  if(WISP_STATIC)
    target_include_directories(wisp_dep_${name} SYSTEM INTERFACE ${WISP_PC_${name}_INCLUDE_DIRS})
    target_compile_options(wisp_dep_${name} INTERFACE ${WISP_PC_${name}_CFLAGS_OTHER})
    target_link_libraries(wisp_dep_${name} INTERFACE wisp_static_libs)
  else()
    target_link_libraries(wisp_dep_${name} INTERFACE PkgConfig::WISP_PC_${name})
  endif()
  set(WISP_ALL_PKGS ${WISP_ALL_PKGS} ${pkgs} PARENT_SCOPE)
endfunction()

add_library(wisp_static_libs INTERFACE)

wisp_dependency(absl absl_status absl_statusor absl_strings absl_str_format
                absl_synchronization absl_time absl_flat_hash_map)
wisp_dependency(yaml yaml-cpp)
wisp_dependency(sqlite sqlite3)
wisp_dependency(openssl openssl)
wisp_dependency(grpc grpc++ protobuf)

if(WISP_STATIC)
  list(REMOVE_DUPLICATES WISP_ALL_PKGS)
  execute_process(
    COMMAND ${PKG_CONFIG_EXECUTABLE} --static --libs ${WISP_ALL_PKGS}
    OUTPUT_VARIABLE _static_libs OUTPUT_STRIP_TRAILING_WHITESPACE
    COMMAND_ERROR_IS_FATAL ANY)
  separate_arguments(_static_libs UNIX_COMMAND "${_static_libs}")
  # Keep glibc's own libraries dynamic; everything else is an archive.
  list(REMOVE_ITEM _static_libs -lpthread -ldl -lm -lrt -lc)
  target_link_libraries(wisp_static_libs INTERFACE
    -static-libstdc++ -static-libgcc
    -Wl,-Bstatic -Wl,--start-group ${_static_libs} -Wl,--end-group -Wl,-Bdynamic
    Threads::Threads -ldl -lm -lrt)
endif()

# Header-only libraries.
add_library(wisp_dep_json INTERFACE)   # nlohmann::json
add_library(wisp_dep_cli11 INTERFACE)  # CLI11
add_library(wisp_dep_spdlog INTERFACE) # spdlog + fmt, compiled header-only
target_compile_definitions(wisp_dep_spdlog INTERFACE
  SPDLOG_HEADER_ONLY SPDLOG_FMT_EXTERNAL FMT_HEADER_ONLY)

# Boost.Beast/Asio, header-only (Debian libboost-dev). Used privately by
# src/net only, so the definitions below never leak into other modules.
find_package(Boost 1.81 REQUIRED)
add_library(wisp_dep_boost INTERFACE)
target_link_libraries(wisp_dep_boost INTERFACE Boost::headers Threads::Threads)
target_compile_definitions(wisp_dep_boost INTERFACE
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
