-- A fresh install has one open conversation, so Cairn is useful from the first minute.
INSERT INTO conversations (id, title, open, why, how_used, who_sees, what_next, budget_timeline, support, position, created_at)
VALUES (
    'tell-us-anything',
    'Tell us anything',
    TRUE,
    'You use this service, so you know what works and what does not. We want to hear it, good or bad.',
    'We read every answer. We look for things many people say. Then we decide what to change.',
    'Only the staff who run this service read your answers. If you say yes, we may share your words without your name.',
    'We put what we heard and what we did on our "You said, we did" page. You can check it with your receipt code.',
    'Small changes can happen in weeks. Bigger ones need money and can take months. We will tell you which.',
    'If something is hard to talk about, you can stop at any time. You can also talk to a member of staff, or call Samaritans free on 116 123, day or night.',
    0,
    '2026-01-01T00:00:00.000000Z'
);
INSERT INTO questions (conversation_id, id, position, kind, prompt, choices) VALUES
    ('tell-us-anything', 'say', 1, 'text', 'What would you like to tell us?', '[]'),
    ('tell-us-anything', 'feeling', 2, 'scale', 'How do you feel about the service today?', '[]'),
    ('tell-us-anything', 'often', 3, 'choice', 'How often do you use the service?',
     '["This is my first time","Now and then","Most weeks"]');
