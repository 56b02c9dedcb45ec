// Typed entry points for libcurl's variadic calls, which Swift cannot call directly.
// One function per argument kind; each passes its argument through unchanged. Plus the two
// Linux headers the multi socket loop needs.
#ifndef FLAGS_CCURL_SHIM_H
#define FLAGS_CCURL_SHIM_H

#include <curl/curl.h>

// The async client drives curl's multi socket API with epoll and wakes it with an eventfd;
// Swift's Glibc module exports neither header.
#include <sys/epoll.h>
#include <sys/eventfd.h>

static inline CURLcode flags_easy_setopt_long(CURL *_Nonnull handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode flags_easy_setopt_off_t(CURL *_Nonnull handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// For options that take a string; libcurl copies it (CURLOPT_URL, CURLOPT_USERAGENT, ...).
static inline CURLcode flags_easy_setopt_string(CURL *_Nonnull handle, CURLoption option,
                                                const char *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

/// For options that take an opaque pointer (CURLOPT_WRITEDATA, CURLOPT_PRIVATE, ...).
static inline CURLcode flags_easy_setopt_pointer(CURL *_Nonnull handle, CURLoption option,
                                                 void *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode flags_easy_setopt_write_function(CURL *_Nonnull handle,
                                                        curl_write_callback _Nullable callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode flags_easy_setopt_header_function(CURL *_Nonnull handle,
                                                         curl_write_callback _Nullable callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

static inline CURLcode flags_easy_setopt_xferinfo_function(CURL *_Nonnull handle,
                                                           curl_xferinfo_callback _Nullable callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

/// Called before each request is sent (libcurl >= 7.80), including curl's own silent resend on a
/// fresh connection when a reused one died before answering; the easy handle refuses that resend.
static inline CURLcode flags_easy_setopt_prereq_function(CURL *_Nonnull handle,
                                                         curl_prereq_callback _Nullable callback) {
    return curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
}

static inline CURLcode flags_easy_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode flags_easy_getinfo_off_t(CURL *_Nonnull handle, CURLINFO info,
                                                curl_off_t *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

/// For CURLINFO_PRIVATE and string infos such as CURLINFO_CONTENT_TYPE.
static inline CURLcode flags_easy_getinfo_pointer(CURL *_Nonnull handle, CURLINFO info,
                                                  char *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode flags_multi_setopt_long(CURLM *_Nonnull handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

static inline CURLMcode flags_multi_setopt_pointer(CURLM *_Nonnull handle, CURLMoption option,
                                                   void *_Nullable value) {
    return curl_multi_setopt(handle, option, value);
}

static inline CURLMcode flags_multi_setopt_socket_function(CURLM *_Nonnull handle,
                                                           curl_socket_callback _Nullable callback) {
    return curl_multi_setopt(handle, CURLMOPT_SOCKETFUNCTION, callback);
}

static inline CURLMcode flags_multi_setopt_timer_function(CURLM *_Nonnull handle,
                                                          curl_multi_timer_callback _Nullable callback) {
    return curl_multi_setopt(handle, CURLMOPT_TIMERFUNCTION, callback);
}

/// The result of a finished transfer lives in a union that Swift imports awkwardly.
static inline CURLcode flags_msg_result(const CURLMsg *_Nonnull message) {
    return message->data.result;
}

#endif
