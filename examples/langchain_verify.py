"""veridot in LangChain, offline: the `verify_reasoning` tool answering a (scripted) agent.

Run: python examples/langchain_verify.py
With a real model, replace the scripted one with e.g.
`init_chat_model("openai:gpt-4o-mini").bind_tools([tool])` and feed the tool's ToolMessage back.
"""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableLambda

from veridot.verifier.langchain_tools import verifier_runnable, verify_reasoning_tool

# 1. As a tool: the model decides to check its reasoning; veridot answers in plain English.
tool = verify_reasoning_tool()
call = {
    "name": tool.name,
    "args": {
        "premises": ["All cats are animals.", "Tom is a cat."],
        "steps": ["Tom is an animal.", "Tom is a dog."],
    },
    "id": "call-1",
    "type": "tool_call",
}
model = GenericFakeChatModel(messages=iter([AIMessage(content="", tool_calls=[call])]))
decision = model.invoke("Is Tom an animal? Check your steps.")
assert isinstance(decision, AIMessage)
answer = tool.invoke(decision.tool_calls[0])
print(answer.content)  # verdict: invalid (first error at step index 1) ...
print(answer.artifact["verdict"])  # the full report as a dict

# 2. As a Runnable in a chain: steps in, report out.
chain = RunnableLambda(
    lambda steps: {"premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"], "steps": steps}
) | verifier_runnable(parser="fol")
print([r["verdict"] for r in chain.batch([["Animal(tom)"], ["¬Animal(tom)"]])])  # valid, invalid
