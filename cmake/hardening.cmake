# Sanitizer and fuzzing flags, applied to every target of the build (docs/hardening.md).
if(OVHMOCK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "OVHMOCK_FUZZ needs clang (configure with CXX=clang++-14); got ${CMAKE_CXX_COMPILER_ID}")
  endif()
  if(NOT OVHMOCK_SANITIZE)
    set(OVHMOCK_SANITIZE address)
  endif()
  # Every library is instrumented for coverage; only the fuzz executables link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(OVHMOCK_SANITIZE STREQUAL "address")
  set(_ovhmock_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
elseif(OVHMOCK_SANITIZE STREQUAL "thread")
  # -Wno-tsan: GCC warns that std::atomic_thread_fence, which Asio's handler blocks use
  # (boost/asio/detail/std_fenced_block.hpp), is not instrumented by TSan. The fence only
  # orders memory around a handler; the hand-over between threads goes through mutexes and
  # epoll, which TSan does see, so the listener is still checked.
  set(_ovhmock_san -fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
elseif(OVHMOCK_SANITIZE)
  message(FATAL_ERROR "OVHMOCK_SANITIZE must be empty, address or thread (got ${OVHMOCK_SANITIZE})")
endif()
if(_ovhmock_san)
  add_compile_options(${_ovhmock_san})
  add_link_options(${_ovhmock_san})
  message(STATUS "ovhmock: sanitizers ${OVHMOCK_SANITIZE}")
endif()
