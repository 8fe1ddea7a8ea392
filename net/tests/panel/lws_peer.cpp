#include "lws_peer.hpp"

namespace panel {

bool lws_gather(struct lws* wsi, LwsSession& s, const void* in, std::size_t len) {
  if (lws_is_first_fragment(wsi)) s.reading = LwsMessage{lws_frame_is_binary(wsi) != 0, {}};
  const auto* p = static_cast<const unsigned char*>(in);
  if (s.reading.data.size() + len > kMaxMessage) {  // the application's limit: 1009, as §7.4.1 says
    lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, nullptr, 0);
    throw TooBig{};
  }
  s.reading.data.insert(s.reading.data.end(), p, p + len);
  if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) != 0) return false;
  s.to_send.push_back(std::move(s.reading));
  s.reading = {};
  return true;
}

int lws_send_next(struct lws* wsi, LwsSession& s) {
  if (s.to_send.empty()) return 0;
  LwsMessage& m = s.to_send.front();
  std::vector<unsigned char> buffer(LWS_PRE + m.data.size());
  std::copy(m.data.begin(), m.data.end(), buffer.begin() + LWS_PRE);
  const int n = lws_write(wsi, buffer.data() + LWS_PRE, m.data.size(), m.binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
  if (n < static_cast<int>(m.data.size())) return -1;
  s.to_send.pop_front();
  if (!s.to_send.empty()) lws_callback_on_writable(wsi);
  return 0;
}

}  // namespace panel
