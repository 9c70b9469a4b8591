#include "engine/overlays/chat_overlay.h"

#include <imgui_internal.h>  // SetNextWindowScroll: public only after 1.86

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "net/core/assert.h"

namespace weft::engine {
namespace {

constexpr ImGuiWindowFlags kPanel = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;

bool fraction(float f) {
  return f >= 0.0f && f <= 1.0f;
}

bool withModifier(const SDL_KeyboardEvent& key) {
  return (key.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) != 0;
}

// The letter a key types, either case, e.g. "t" or "T" for SDLK_t.
bool typedBy(std::string_view text, SDL_Keycode key) {
  if (text.size() != 1 || key <= 0 || key >= 128) return false;
  const unsigned char c = static_cast<unsigned char>(text[0]);
  return std::tolower(c) == std::tolower(static_cast<unsigned char>(key));
}

}  // namespace

ChatOverlay::ChatOverlay(net::ChatClientSession& chat, ChatOverlayConfig config)
    : chat_(chat), config_(config), log_(config.log), input_(config.input) {
  WEFT_ASSERT(fraction(config_.x) && fraction(config_.y) && fraction(config_.width) &&
                  fraction(config_.height) && config_.width > 0 && config_.height > 0,
              "ChatOverlayConfig: x, y, width and height are fractions of the screen, in [0, 1]");
  // Drawing a frame allocates nothing for the lines.
  lineTops_.reserve(config_.log.maxLines + 1);
  shown_.reserve(config_.linesWhileClosed);
}

ChatOverlay::~ChatOverlay() {
  if (startedTextInput_) SDL_StopTextInput();
}

void ChatOverlay::open() {
  if (open_) return;
  open_ = true;
  log_.setOpen(true);
  scrollToBottom_ = true;
  lineTops_.clear();
  if (!SDL_IsTextInputActive()) {
    SDL_StartTextInput();
    startedTextInput_ = true;
  }
}

void ChatOverlay::close() {
  if (!open_) return;
  open_ = false;
  input_.clear();
  log_.setOpen(false);
  scrollPages_ = 0;
  if (startedTextInput_) {
    SDL_StopTextInput();
    startedTextInput_ = false;
  }
}

EventUse ChatOverlay::handleEvent(const SDL_Event& event) {
  switch (event.type) {
    case SDL_KEYDOWN: {
      swallowOpenText_ = false;  // the open key's text comes before any other key
      const EventUse use = keyDown(event.key);
      if (use != EventUse::Ignored) keysTaken_.set(event.key.keysym.scancode);
      return use;
    }
    case SDL_KEYUP:
      // The game never saw these keys go down, so it must not see them go up; keys held since
      // before the chat opened are the game's and come up there (no player stuck running).
      if (!keysTaken_.test(event.key.keysym.scancode)) return EventUse::Ignored;
      keysTaken_.reset(event.key.keysym.scancode);
      return EventUse::Consumed;
    case SDL_TEXTINPUT: {
      const std::string_view text(event.text.text);
      if (swallowOpenText_) {
        swallowOpenText_ = false;
        if (typedBy(text, config_.openKey)) return EventUse::Swallowed;
      }
      if (!open_) return EventUse::Ignored;
      input_.insert(text);
      return EventUse::Consumed;
    }
    case SDL_TEXTEDITING:
      if (!open_) return EventUse::Ignored;
      input_.setComposition(event.edit.text);
      return EventUse::Consumed;
    default:
      return EventUse::Ignored;
  }
}

EventUse ChatOverlay::keyDown(const SDL_KeyboardEvent& key) {
  const SDL_Keycode sym = key.keysym.sym;
  const bool enter = sym == config_.enterKey || sym == SDLK_KP_ENTER;
  if (!open_) {
    if (key.repeat != 0 || withModifier(key)) return EventUse::Ignored;
    if (sym == config_.openKey) {
      open();
      swallowOpenText_ = true;
      return EventUse::Consumed;
    }
    if (enter) {
      open();
      return EventUse::Consumed;
    }
    return EventUse::Ignored;
  }
  const bool ctrl = (key.keysym.mod & KMOD_CTRL) != 0;
  if (enter) {
    // A held Enter repeats: it must not close the chat it just opened, nor send twice.
    if (key.repeat == 0) send();
  } else if (sym == config_.closeKey) {
    close();
  } else {
    switch (sym) {
      case SDLK_BACKSPACE:
        input_.eraseBefore();
        break;
      case SDLK_DELETE:
        input_.eraseAfter();
        break;
      case SDLK_LEFT:
        input_.moveLeft();
        break;
      case SDLK_RIGHT:
        input_.moveRight();
        break;
      case SDLK_HOME:
        input_.moveHome();
        break;
      case SDLK_END:
        input_.moveEnd();
        break;
      case SDLK_UP:
        input_.older();
        break;
      case SDLK_DOWN:
        input_.newer();
        break;
      case SDLK_PAGEUP:
        --scrollPages_;
        break;
      case SDLK_PAGEDOWN:
        ++scrollPages_;
        break;
      case SDLK_v:
        if (ctrl) paste();
        break;
      case SDLK_u:
        if (ctrl) input_.clear();
        break;
      default:
        break;
    }
  }
  // Every key while open is the chat's, even one it does nothing with: the game must not act.
  return EventUse::Consumed;
}

void ChatOverlay::send() {
  std::string line = input_.submit();
  if (line.empty()) {
    close();
    return;
  }
  scrollToBottom_ = true;
  if (!chat_.send(line)) {
    // Not kept for later (the session's contract): say so; Up brings the line back.
    log_.addLocal("not sent (" + chat_.status() + "): " + line, now_);
    return;
  }
  if (config_.closeAfterSend) close();
}

void ChatOverlay::paste() {
  if (!SDL_HasClipboardText()) return;
  char* text = SDL_GetClipboardText();
  if (text == nullptr) return;
  input_.insert(text);
  SDL_free(text);
}

void ChatOverlay::update(net::TimePoint now) {
  now_ = now;
  for (const net::ChatEvent& event : chat_.takeEvents()) log_.add(event, chat_.name(), now);
}

void ChatOverlay::draw(net::TimePoint now) {
  update(now);
  swallowOpenText_ = false;  // its text event came with the key, in the frame's event batch
  view_ = ChatOverlayView{};
  view_.open = open_;
  if (open_) {
    drawOpen();
  } else {
    drawClosed(now);
  }
  addedSeen_ = log_.added();
}

ImVec4 ChatOverlay::colourOf(ChatLineKind kind) const {
  switch (kind) {
    case ChatLineKind::Say:
      return config_.sayColour;
    case ChatLineKind::Me:
      return config_.meColour;
    case ChatLineKind::System:
      return config_.systemColour;
    case ChatLineKind::Private:
      return config_.privateColour;
    case ChatLineKind::Local:
      return config_.localColour;
  }
  return config_.sayColour;
}

void ChatOverlay::drawStatus(bool always) {
  const bool joined = chat_.state() == net::ChatState::Joined;
  if (joined && !always) return;
  view_.status = chat_.status();
  ImGui::PushStyleColor(ImGuiCol_Text, joined ? config_.statusColour : config_.problemColour);
  ImGui::TextUnformatted(view_.status.c_str());
  ImGui::PopStyleColor();
}

void ChatOverlay::drawOpen() {
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(screen.x * config_.x, screen.y * config_.y));
  ImGui::SetNextWindowSize(ImVec2(screen.x * config_.width, screen.y * config_.height));
  ImGui::SetNextWindowBgAlpha(config_.openBackground);
  if (ImGui::Begin("##weft-chat", nullptr, kPanel)) {
    drawStatus(true);
    ImGui::Separator();
    // Scrolled up while old lines were trimmed off the top: the text under the player's eyes
    // moved up by their height, so the scroll moves up as much and the view stays put.
    const std::uint64_t trimmed = log_.dropped() - droppedSeen_;
    if (trimmed > 0 && trimmed < lineTops_.size() && !lastAtBottom_ && scrollPages_ == 0) {
      const float height = lineTops_[trimmed] - lineTops_[0];
      ImGui::SetNextWindowScroll(ImVec2(-1.0f, std::max(0.0f, lastScrollY_ - height)));
    }
    droppedSeen_ = log_.dropped();
    ImGui::BeginChild("##weft-chat-lines", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()));
    ImGui::PushTextWrapPos(0.0f);
    lineTops_.clear();
    for (const ChatLine& line : log_.lines()) {
      lineTops_.push_back(ImGui::GetCursorPosY());
      ImGui::PushStyleColor(ImGuiCol_Text, colourOf(line.kind));
      ImGui::TextUnformatted(line.text.data(), line.text.data() + line.text.size());
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    view_.linesShown = log_.lines().size();
    // The range is last frame's: at its end means the player did not scroll up, so new lines
    // are followed; scrolled up, the position (pixels from the top) is left alone.
    const bool atBottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
    if (scrollPages_ != 0) {
      ImGui::SetScrollY(ImGui::GetScrollY() +
                        static_cast<float>(scrollPages_) * ImGui::GetWindowHeight() * 0.8f);
      scrollPages_ = 0;
    } else if (scrollToBottom_ || (atBottom && log_.added() != addedSeen_)) {
      ImGui::SetScrollHereY(1.0f);
      scrollToBottom_ = false;
    }
    view_.scrollY = lastScrollY_ = ImGui::GetScrollY();
    view_.scrollMaxY = ImGui::GetScrollMaxY();
    lastAtBottom_ = view_.scrollY >= view_.scrollMaxY - 1.0f;
    ImGui::EndChild();
    drawInput();
  }
  ImGui::End();
}

void ChatOverlay::drawInput() {
  const std::string& text = input_.text();
  const std::string& composing = input_.composition();
  const char* const begin = text.data();
  const char* const cursor = begin + input_.cursor();
  const char* const end = begin + text.size();

  ImGui::TextUnformatted("> ");
  ImGui::SameLine(0.0f, 0.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  const float height = ImGui::GetTextLineHeight();
  const float beforeWidth = ImGui::CalcTextSize(begin, cursor).x;
  const float composingWidth = composing.empty() ? 0.0f : ImGui::CalcTextSize(composing.c_str()).x;
  // A line wider than the field scrolls so the caret stays in view.
  const float margin = ImGui::GetFontSize();
  const float shift = std::max(0.0f, beforeWidth + composingWidth + margin - width);
  const ImU32 colour = ImGui::GetColorU32(ImGuiCol_Text);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(origin, ImVec2(origin.x + width, origin.y + height), true);
  float x = origin.x - shift;
  draw->AddText(ImVec2(x, origin.y), colour, begin, cursor);
  x += beforeWidth;
  if (!composing.empty()) {
    draw->AddText(ImVec2(x, origin.y), colour, composing.c_str());
    draw->AddLine(ImVec2(x, origin.y + height), ImVec2(x + composingWidth, origin.y + height),
                  colour);
    x += composingWidth;
  }
  draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + height), colour, 1.5f);
  draw->AddText(ImVec2(x, origin.y), colour, cursor, end);
  draw->PopClipRect();
  ImGui::Dummy(ImVec2(width, height));

  // The input method puts its candidate list beside the caret.
  SDL_Rect caret{static_cast<int>(x), static_cast<int>(origin.y), 1, static_cast<int>(height)};
  SDL_SetTextInputRect(&caret);
}

void ChatOverlay::drawClosed(net::TimePoint now) {
  std::vector<std::pair<const ChatLine*, float>>& shown = shown_;
  shown.clear();
  float strongest = 0.0f;
  const auto& lines = log_.lines();
  for (auto it = lines.rbegin(); it != lines.rend() && shown.size() < config_.linesWhileClosed;
       ++it) {
    const float alpha = log_.alpha(*it, now);
    if (alpha <= 0.0f) break;  // older lines have faded further
    shown.emplace_back(&*it, alpha);
    strongest = std::max(strongest, alpha);
  }
  const bool problem = chat_.state() != net::ChatState::Joined;
  if (shown.empty() && log_.unread() == 0 && !problem) return;

  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  const ImVec2 size(screen.x * config_.width, screen.y * config_.height);
  ImGui::SetNextWindowPos(ImVec2(screen.x * config_.x, screen.y * config_.y + size.y),
                          ImGuiCond_Always, ImVec2(0.0f, 1.0f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(size.x, 0.0f), size);
  ImGui::SetNextWindowBgAlpha(config_.closedBackground * (problem ? 1.0f : strongest));
  const ImGuiWindowFlags flags = kPanel | ImGuiWindowFlags_NoInputs |
                                 ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);  // a frame would not fade
  const bool visible = ImGui::Begin("##weft-chat-faded", nullptr, flags);
  ImGui::PopStyleVar();
  if (visible) {
    drawStatus(false);
    ImGui::PushTextWrapPos(size.x - ImGui::GetStyle().WindowPadding.x);
    for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
      ImVec4 colour = colourOf(it->first->kind);
      colour.w *= it->second;
      ImGui::PushStyleColor(ImGuiCol_Text, colour);
      ImGui::TextUnformatted(it->first->text.data(),
                             it->first->text.data() + it->first->text.size());
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    view_.linesShown = shown.size();
    if (log_.unread() > 0) {
      view_.unreadShown = log_.unread();
      ImGui::TextColored(config_.statusColour, "%zu unread - %s to chat", log_.unread(),
                         SDL_GetKeyName(config_.openKey));
    }
    ImGui::SetScrollHereY(1.0f);  // taller than allowed: the newest lines stay in view
  }
  ImGui::End();
}

}  // namespace weft::engine
