from flask import Flask, request, jsonify
import hmac
import hashlib
import logging

app = Flask(__name__)
logging.basicConfig(level=logging.INFO)

WEBHOOK_SECRET = "your_secret_here"

def verify_signature(payload, signature):
    """Verify webhook signature"""
    expected = hmac.new(
        WEBHOOK_SECRET.encode(),
        payload.encode(),
        hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(signature, expected)

@app.route('/webhook', methods=['POST'])
def webhook_handler():
    """Handle incoming webhooks"""
    # Get signature
    signature = request.headers.get('X-Webhook-Signature')
    if not signature:
        logging.error("Missing signature")
        return jsonify({"error": "Missing signature"}), 401
    
    # Get payload
    payload = request.get_data(as_text=True)
    
    # Verify signature
    if not verify_signature(payload, signature):
        logging.error("Invalid signature")
        return jsonify({"error": "Invalid signature"}), 401
    
    # Parse event
    event = request.json
    event_type = event.get('event')
    delivery_id = request.headers.get('X-Webhook-Delivery-Id')
    
    logging.info(f"Received {event_type} event (delivery: {delivery_id})")
    
    # Route to handler
    if event_type == 'new_lead':
        handle_new_lead(event['data'])
    elif event_type == 'lead_update':
        handle_lead_update(event['data'])
    else:
        logging.warning(f"Unknown event type: {event_type}")
    
    return jsonify({"status": "success"}), 200

def handle_new_lead(data):
    """Process new lead event"""
    logging.info(f"New lead: {data['name']} ({data['email']})")
    # Your business logic here
    
def handle_lead_update(data):
    """Process lead update event"""
    logging.info(f"Lead updated: {data['id']}")
    logging.info(f"Changes: {data['changes']}")
    # Your business logic here

if __name__ == '__main__':
    app.run(port=3000)
