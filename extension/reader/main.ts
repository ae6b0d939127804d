/** Reading frame entry: asks for its post by the id in its fragment, shows it, reports its size. */
import * as v from "valibot";
import { ReaderIdField } from "../messages/content-messages.ts";
import { requestPost } from "./reader-request.ts";
import { reportSize } from "./reader-size.ts";
import { showAnswer } from "./reader-view.ts";

const post = document.getElementById("post")!;
let shown = false;
const report = reportSize(post, () => shown);
const id = v.safeParse(ReaderIdField, location.hash.slice(1));
const answer = id.success
  ? requestPost(id.output)
  : Promise.resolve({
      type: "failure" as const,
      error: { code: "MESSAGE_INVALID" as const, message: "no post named" },
    });
void answer.then((result) => {
  shown = result.type === "reader-content";
  showAnswer(post, result, report);
});
