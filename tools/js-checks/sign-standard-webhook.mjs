// Signs one webhook with the Standard Webhooks reference library, as a sender using it would.
// Input on stdin: {"secret": "whsec_…", "id": "msg_…", "timestamp": <unix seconds>, "body": "<raw body>"}.
// Output: the webhook-signature header value.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { secret, id, timestamp, body } = JSON.parse(input);
console.log(new Webhook(secret).sign(id, new Date(timestamp * 1000), body));
