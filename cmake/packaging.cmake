# Debian package of the server (docs/packaging.md): `cmake --build build --target package`
# writes build/ovhmock_<version>_amd64.deb with /usr/bin/ovhmock, /usr/share/ovhmock/default
# and the man page ovhmock(1), generated from --help by help2man when it is installed.
# Depends is computed by dpkg-shlibdeps from the libraries the binary links against.

include(GNUInstallDirs)
find_program(OVHMOCK_HELP2MAN help2man)
# Sanitizer and fuzzing build directories (docs/hardening.md) are never packaged.
if(OVHMOCK_HELP2MAN AND NOT OVHMOCK_SANITIZE AND NOT OVHMOCK_FUZZ)
  set(_ovhmock_man ${CMAKE_CURRENT_BINARY_DIR}/ovhmock.1)
  add_custom_command(
    OUTPUT ${_ovhmock_man}.gz
    COMMAND ${OVHMOCK_HELP2MAN} --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
            "--name=mock of the OVHcloud API that checks signatures like the real one"
            --output=${_ovhmock_man} $<TARGET_FILE:ovhmock>
    COMMAND gzip -9nf ${_ovhmock_man}
    DEPENDS ovhmock
    COMMENT "Man page ovhmock.1 from ovhmock --help"
    VERBATIM)
  add_custom_target(ovhmock-man ALL DEPENDS ${_ovhmock_man}.gz)
  install(FILES ${_ovhmock_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT man)
elseif(NOT OVHMOCK_HELP2MAN)
  message(STATUS "help2man not found: the Debian package will have no man page")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ovhmock)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "ovhmock maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "mock of the OVHcloud API that checks signatures like the real one")
set(CPACK_PACKAGE_DESCRIPTION
    "ovhmock answers the OVHcloud API (/1.0, /v1, /v2) locally: it checks X-Ovh-Signature and
X-Ovh-Timestamp exactly as the real API does, answers with the real API's error bodies and
keeps state, with a control plane (/__admin) to reset it, create keys, move its clock,
inject faults and read what it received. For offline CI of OVH client libraries and tools.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# One package holding the server and its man page, nothing else the tree may install.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL server man)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
include(CPack)
